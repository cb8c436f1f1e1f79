use sea_orm::entity::prelude::*;

/// One entry of an item's history.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub item_id: i32,
    pub at: DateTimeUtc,
    /// `created`, `status_changed`, `edited`, `owners_changed`, `mentioned`.
    pub kind: String,
    /// Who or what did it: `api`, `person:<handle>`, `ingest`.
    pub actor: String,
    /// JSON object with the details (from/to, comment, meeting, line).
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::item::Entity",
        from = "Column::ItemId",
        to = "super::item::Column::Id",
        on_delete = "Cascade"
    )]
    Item,
}

impl ActiveModelBehavior for ActiveModel {}
