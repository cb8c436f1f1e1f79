use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Indexes on items that are the first column of a composite index
/// (`ix_items_status` of `ix_items_status_created`, `ix_items_series` of
/// `ix_items_series_last_seen`): a filter on that column alone uses the
/// composite index, so these only cost every write.
const PREFIXES: &[(&str, Items)] = &[
    ("ix_items_status", Items::Status),
    ("ix_items_series", Items::SeriesId),
];

#[derive(DeriveIden, Clone, Copy)]
enum Items {
    Table,
    Status,
    SeriesId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in PREFIXES {
            m.drop_index(Index::drop().name(*name).table(Items::Table).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, col) in PREFIXES {
            m.create_index(
                Index::create()
                    .name(*name)
                    .table(Items::Table)
                    .col(*col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
