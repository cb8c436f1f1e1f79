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
    /// The latest meeting whose minutes name the item.
    pub last_meeting_id: Option<i32>,
    /// That meeting's date.
    pub last_seen: Option<Date>,
    /// How many meetings' minutes name the item.
    pub meetings: i32,
    /// Normalised text the follow-up rule compares (from the minutes).
    pub match_text: String,
    /// Sorted, lower-cased owners as the minutes name them, joined by `,`.
    pub match_owners: String,
    /// Bit set of fields changed through the API (see `MANUAL_*`).
    pub manual_fields: i32,
}

/// `manual_fields` bit: the status was set through the API.
pub const MANUAL_STATUS: i32 = 1;
/// `manual_fields` bit: the owners were set through the API.
pub const MANUAL_OWNERS: i32 = 2;
/// `manual_fields` bit: the due date was set through the API.
pub const MANUAL_DUE: i32 = 4;
/// `manual_fields` bit: the text was set through the API.
pub const MANUAL_TEXT: i32 = 8;

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
