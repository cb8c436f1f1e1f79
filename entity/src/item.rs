use sea_orm::entity::prelude::*;

/// A tracked follow-up: an action, a gap or a decision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub series_id: Option<i32>,
    /// The meeting whose minutes first recorded it; none for manual items.
    pub meeting_id: Option<i32>,
    pub line: Option<i32>,
    /// `action`, `gap` or `decision`.
    pub kind: String,
    pub text: String,
    /// `open`, `done` or `dropped`.
    pub status: String,
    /// Heading path joined with " / ".
    pub section: String,
    pub due: Option<Date>,
    /// JSON array of issue / PR references.
    pub refs: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::series::Entity",
        from = "Column::SeriesId",
        to = "super::series::Column::Id",
        on_delete = "Cascade"
    )]
    Series,
    #[sea_orm(
        belongs_to = "super::meeting::Entity",
        from = "Column::MeetingId",
        to = "super::meeting::Column::Id",
        on_delete = "SetNull"
    )]
    Meeting,
}

impl Related<super::series::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Series.def()
    }
}

impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Meeting.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
