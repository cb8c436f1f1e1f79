use super::m20261123_000001_create_series::Series;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Meetings {
    Table,
    Id,
    SeriesId,
    Date,
    Title,
    Source,
    ContentHash,
    Participants,
    NoteTaker,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Meetings::Table)
                .col(
                    ColumnDef::new(Meetings::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Meetings::SeriesId).integer().not_null())
                .col(ColumnDef::new(Meetings::Date).date().not_null())
                .col(ColumnDef::new(Meetings::Title).string())
                .col(ColumnDef::new(Meetings::Source).string())
                .col(ColumnDef::new(Meetings::ContentHash).string().not_null())
                .col(ColumnDef::new(Meetings::Participants).text().not_null())
                .col(ColumnDef::new(Meetings::NoteTaker).string())
                .col(
                    ColumnDef::new(Meetings::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Meetings::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Meetings::Table, Meetings::SeriesId)
                        .to(Series::Table, Series::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_meetings_series_date")
                .table(Meetings::Table)
                .col(Meetings::SeriesId)
                .col(Meetings::Date)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Meetings::Table).to_owned())
            .await
    }
}
