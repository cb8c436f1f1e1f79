use sea_orm::entity::prelude::*;

/// A meeting series: one weekly call, team meeting or SIG.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "series")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    /// e.g. `https://github.com/org/minutes/blob/main/{path}#L{line}`
    pub source_url_template: Option<String>,
    pub interval_days: i32,
    /// Reminders go out this many minutes before a call.
    pub lead_minutes: i32,
    /// Mailing list for the team digest before each call.
    pub list_address: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::meeting::Entity")]
    Meeting,
}

impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meeting.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
