use sea_orm::entity::prelude::*;

/// A cancelled date or an added call of a series.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "series_exceptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub series_id: i32,
    /// Local date.
    pub date: Date,
    /// `cancelled` or `added`.
    pub kind: String,
    /// For added calls: local start.
    pub starts_at: Option<DateTime>,
    pub duration_minutes: Option<i32>,
    pub reason: String,
    /// `api`, `calendar:<file>` or `minutes:<source>`.
    pub source: String,
    pub created_at: DateTimeUtc,
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
