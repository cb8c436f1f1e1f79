use sea_orm::entity::prelude::*;

/// A person who can own items: a GitHub handle or a plain name.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Lowercase handle (`mbuechse`) or name as written (`Kurt`).
    #[sea_orm(unique)]
    pub handle: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub time_zone: Option<String>,
    pub reminders: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
