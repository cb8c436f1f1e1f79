use super::m20261123_000004_create_items::Items;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ItemEvents {
    Table,
    Id,
    ItemId,
    At,
    Kind,
    Actor,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ItemEvents::Table)
                .col(
                    ColumnDef::new(ItemEvents::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(ItemEvents::ItemId).integer().not_null())
                .col(
                    ColumnDef::new(ItemEvents::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(ItemEvents::Kind).string().not_null())
                .col(ColumnDef::new(ItemEvents::Actor).string().not_null())
                .col(ColumnDef::new(ItemEvents::Detail).text().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(ItemEvents::Table, ItemEvents::ItemId)
                        .to(Items::Table, Items::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_item_events_item")
                .table(ItemEvents::Table)
                .col(ItemEvents::ItemId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ItemEvents::Table).to_owned())
            .await
    }
}
