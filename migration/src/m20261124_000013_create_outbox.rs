use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The transactional outbox of emails: planned under a unique key (so
/// planning twice, or on several instances, enqueues once), claimed by a
/// sender with a lease, and marked with their outcome.
#[derive(DeriveIden)]
pub enum Outbox {
    Table,
    Id,
    Key,
    Kind,
    PersonId,
    SeriesId,
    ToAddress,
    Subject,
    TextBody,
    HtmlBody,
    MessageId,
    Status,
    Attempts,
    NextAttemptAt,
    NotAfter,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let ts = |c: Outbox| ColumnDef::new(c).timestamp_with_time_zone().to_owned();
        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(
                    ColumnDef::new(Outbox::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Outbox::Key).string().not_null().unique_key())
                .col(ColumnDef::new(Outbox::Kind).string().not_null())
                .col(ColumnDef::new(Outbox::PersonId).integer())
                .col(ColumnDef::new(Outbox::SeriesId).integer())
                .col(ColumnDef::new(Outbox::ToAddress).string().not_null())
                .col(ColumnDef::new(Outbox::Subject).text().not_null())
                .col(ColumnDef::new(Outbox::TextBody).text().not_null())
                .col(ColumnDef::new(Outbox::HtmlBody).text().not_null())
                .col(ColumnDef::new(Outbox::MessageId).string().not_null())
                .col(ColumnDef::new(Outbox::Status).string().not_null())
                .col(
                    ColumnDef::new(Outbox::Attempts)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(ts(Outbox::NextAttemptAt).not_null().to_owned())
                .col(ts(Outbox::NotAfter))
                .col(ts(Outbox::LeaseUntil))
                .col(ColumnDef::new(Outbox::LastError).text())
                .col(ts(Outbox::CreatedAt).not_null().to_owned())
                .col(ts(Outbox::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_outbox_status_next")
                .table(Outbox::Table)
                .col(Outbox::Status)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}
