use super::m20261123_000004_create_items::Items;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What ingestion needs to follow an item across meetings.
#[derive(DeriveIden)]
enum Tracking {
    /// The latest meeting whose minutes name the item.
    LastMeetingId,
    /// That meeting's date (the match window and "stale" are counted from it).
    LastSeen,
    /// How many meetings' minutes name the item.
    Meetings,
    /// Normalised text the follow-up rule compares (from the minutes, never
    /// from API edits).
    MatchText,
    /// Sorted, lower-cased owners as the minutes name them.
    MatchOwners,
    /// Bit set of fields changed through the API (1 status, 2 owners, 4 due,
    /// 8 text): ingestion never overwrites them.
    ManualFields,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        let columns = [
            ColumnDef::new(Tracking::LastMeetingId).integer().to_owned(),
            ColumnDef::new(Tracking::LastSeen).date().to_owned(),
            ColumnDef::new(Tracking::Meetings)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Tracking::MatchText)
                .text()
                .not_null()
                .default("")
                .to_owned(),
            ColumnDef::new(Tracking::MatchOwners)
                .string()
                .not_null()
                .default("")
                .to_owned(),
            ColumnDef::new(Tracking::ManualFields)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
        ];
        for mut col in columns {
            m.alter_table(
                Table::alter()
                    .table(Items::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_items_series_last_seen")
                .table(Items::Table)
                .col(Items::SeriesId)
                .col(Tracking::LastSeen)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_items_series_last_seen")
                .table(Items::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            Tracking::ManualFields,
            Tracking::MatchOwners,
            Tracking::MatchText,
            Tracking::Meetings,
            Tracking::LastSeen,
            Tracking::LastMeetingId,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Items::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
