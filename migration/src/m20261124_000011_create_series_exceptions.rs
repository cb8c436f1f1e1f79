use super::m20261123_000001_create_series::Series;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A cancelled date or an added (moved) call of a series, with its reason
/// and where it came from (API, calendar file, minutes).
#[derive(DeriveIden)]
enum SeriesExceptions {
    Table,
    Id,
    SeriesId,
    Date,
    Kind,
    StartsAt,
    DurationMinutes,
    Reason,
    Source,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SeriesExceptions::Table)
                .col(
                    ColumnDef::new(SeriesExceptions::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(SeriesExceptions::SeriesId)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(SeriesExceptions::Date).date().not_null())
                .col(ColumnDef::new(SeriesExceptions::Kind).string().not_null())
                .col(ColumnDef::new(SeriesExceptions::StartsAt).date_time())
                .col(ColumnDef::new(SeriesExceptions::DurationMinutes).integer())
                .col(ColumnDef::new(SeriesExceptions::Reason).text().not_null())
                .col(ColumnDef::new(SeriesExceptions::Source).string().not_null())
                .col(
                    ColumnDef::new(SeriesExceptions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SeriesExceptions::Table, SeriesExceptions::SeriesId)
                        .to(Series::Table, Series::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_series_exceptions_date_kind")
                .table(SeriesExceptions::Table)
                .col(SeriesExceptions::SeriesId)
                .col(SeriesExceptions::Date)
                .col(SeriesExceptions::Kind)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SeriesExceptions::Table).to_owned())
            .await
    }
}
