use super::m20261123_000002_create_meetings::Meetings;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A meeting is its series and its source document (a day can have several
/// documents: a hackathon's sessions, an overflow call), or its series and
/// date when no source is known; ingestion also looks meetings up by content
/// hash to skip unchanged documents.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ux_meetings_series_date")
                .table(Meetings::Table)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_meetings_series_date")
                .table(Meetings::Table)
                .col(Meetings::SeriesId)
                .col(Meetings::Date)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_meetings_series_source")
                .table(Meetings::Table)
                .col(Meetings::SeriesId)
                .col(Meetings::Source)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_meetings_series_hash")
                .table(Meetings::Table)
                .col(Meetings::SeriesId)
                .col(Meetings::ContentHash)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "ix_meetings_series_hash",
            "ux_meetings_series_source",
            "ix_meetings_series_date",
        ] {
            m.drop_index(Index::drop().name(name).table(Meetings::Table).to_owned())
                .await?;
        }
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
}
