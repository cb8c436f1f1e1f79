use super::m20261123_000001_create_series::Series;
use super::m20261123_000002_create_meetings::Meetings;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Items {
    Table,
    Id,
    SeriesId,
    MeetingId,
    Line,
    Kind,
    Text,
    Status,
    Section,
    Due,
    Refs,
    CreatedAt,
    UpdatedAt,
    ClosedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Items::Table)
                .col(
                    ColumnDef::new(Items::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Items::SeriesId).integer())
                .col(ColumnDef::new(Items::MeetingId).integer())
                .col(ColumnDef::new(Items::Line).integer())
                .col(ColumnDef::new(Items::Kind).string().not_null())
                .col(ColumnDef::new(Items::Text).text().not_null())
                .col(ColumnDef::new(Items::Status).string().not_null())
                .col(ColumnDef::new(Items::Section).text().not_null())
                .col(ColumnDef::new(Items::Due).date())
                .col(ColumnDef::new(Items::Refs).text().not_null())
                .col(
                    ColumnDef::new(Items::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Items::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Items::ClosedAt).timestamp_with_time_zone())
                .foreign_key(
                    ForeignKey::create()
                        .from(Items::Table, Items::SeriesId)
                        .to(Series::Table, Series::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Items::Table, Items::MeetingId)
                        .to(Meetings::Table, Meetings::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // One index per list filter and sort key.
        for (name, col) in [
            ("ix_items_status", Items::Status),
            ("ix_items_kind", Items::Kind),
            ("ix_items_series", Items::SeriesId),
            ("ix_items_meeting", Items::MeetingId),
            ("ix_items_section", Items::Section),
            ("ix_items_due", Items::Due),
            ("ix_items_created", Items::CreatedAt),
            ("ix_items_updated", Items::UpdatedAt),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Items::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Items::Table).to_owned())
            .await
    }
}
