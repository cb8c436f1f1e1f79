use super::m20261123_000003_create_people::People;
use super::m20261123_000004_create_items::Items;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ItemOwners {
    Table,
    ItemId,
    PersonId,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ItemOwners::Table)
                .col(ColumnDef::new(ItemOwners::ItemId).integer().not_null())
                .col(ColumnDef::new(ItemOwners::PersonId).integer().not_null())
                .col(ColumnDef::new(ItemOwners::Position).integer().not_null())
                .primary_key(
                    Index::create()
                        .col(ItemOwners::ItemId)
                        .col(ItemOwners::PersonId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ItemOwners::Table, ItemOwners::ItemId)
                        .to(Items::Table, Items::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ItemOwners::Table, ItemOwners::PersonId)
                        .to(People::Table, People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_item_owners_person")
                .table(ItemOwners::Table)
                .col(ItemOwners::PersonId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ItemOwners::Table).to_owned())
            .await
    }
}
