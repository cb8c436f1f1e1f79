use sea_orm::entity::prelude::*;

/// One cadence of a series.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "series_periods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub series_id: i32,
    /// First call, local wall-clock time in the series' time zone.
    pub starts_at: DateTime,
    pub duration_minutes: i32,
    /// RFC 5545 RRULE without DTSTART/UNTIL; none for a single call.
    pub rrule: Option<String>,
    /// Last day a call may fall on (local).
    pub until: Option<Date>,
    /// `api` or `calendar:<file>`.
    pub source: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
}

impl ActiveModelBehavior for ActiveModel {}
