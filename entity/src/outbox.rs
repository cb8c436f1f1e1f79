use sea_orm::entity::prelude::*;

/// One email to send.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `reminder/<person>/<series>/<call start>`: planned once.
    #[sea_orm(unique)]
    pub key: String,
    /// `reminder`.
    pub kind: String,
    pub person_id: Option<i32>,
    pub series_id: Option<i32>,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub message_id: String,
    /// `pending`, `sending`, `sent`, `failed`, `expired`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// Not sent at or after this (the call's start, for reminders).
    pub not_after: Option<DateTimeUtc>,
    /// A claim held until then; an expired claim is taken again.
    pub lease_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// One-click unsubscribe link (RFC 8058), sent as `List-Unsubscribe`.
    pub unsubscribe_url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
