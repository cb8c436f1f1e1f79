use super::m20261123_000001_create_series::Series;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One cadence of a series: first call (local time), duration, RRULE, last day.
#[derive(DeriveIden)]
enum SeriesPeriods {
    Table,
    Id,
    SeriesId,
    StartsAt,
    DurationMinutes,
    Rrule,
    Until,
    Source,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SeriesPeriods::Table)
                .col(
                    ColumnDef::new(SeriesPeriods::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(SeriesPeriods::SeriesId).integer().not_null())
                .col(
                    ColumnDef::new(SeriesPeriods::StartsAt)
                        .date_time()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SeriesPeriods::DurationMinutes)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(SeriesPeriods::Rrule).string())
                .col(ColumnDef::new(SeriesPeriods::Until).date())
                .col(ColumnDef::new(SeriesPeriods::Source).string().not_null())
                .col(
                    ColumnDef::new(SeriesPeriods::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SeriesPeriods::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SeriesPeriods::Table, SeriesPeriods::SeriesId)
                        .to(Series::Table, Series::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_series_periods_start")
                .table(SeriesPeriods::Table)
                .col(SeriesPeriods::SeriesId)
                .col(SeriesPeriods::StartsAt)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SeriesPeriods::Table).to_owned())
            .await
    }
}
