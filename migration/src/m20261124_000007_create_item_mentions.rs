use super::m20261123_000002_create_meetings::Meetings;
use super::m20261123_000004_create_items::Items;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each meeting whose minutes name an item: the line, the status and the
/// text as written there.
#[derive(DeriveIden)]
enum ItemMentions {
    Table,
    Id,
    ItemId,
    MeetingId,
    Line,
    Status,
    Text,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ItemMentions::Table)
                .col(
                    ColumnDef::new(ItemMentions::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(ItemMentions::ItemId).integer().not_null())
                .col(ColumnDef::new(ItemMentions::MeetingId).integer().not_null())
                .col(ColumnDef::new(ItemMentions::Line).integer().not_null())
                .col(ColumnDef::new(ItemMentions::Status).string().not_null())
                .col(ColumnDef::new(ItemMentions::Text).text().not_null())
                .col(
                    ColumnDef::new(ItemMentions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ItemMentions::Table, ItemMentions::ItemId)
                        .to(Items::Table, Items::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ItemMentions::Table, ItemMentions::MeetingId)
                        .to(Meetings::Table, Meetings::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_item_mentions_item_meeting")
                .table(ItemMentions::Table)
                .col(ItemMentions::ItemId)
                .col(ItemMentions::MeetingId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_item_mentions_meeting")
                .table(ItemMentions::Table)
                .col(ItemMentions::MeetingId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ItemMentions::Table).to_owned())
            .await
    }
}
