use super::m20261124_000013_create_outbox::Outbox;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Signed links in emails: each used once (its nonce recorded here), signed
/// with a key shared by every instance (kept in `app_secrets`); emails carry
/// their one-click unsubscribe link.
#[derive(DeriveIden)]
enum UsedTokens {
    Table,
    Nonce,
    UsedAt,
}

#[derive(DeriveIden)]
enum AppSecrets {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Unsub {
    UnsubscribeUrl,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(UsedTokens::Table)
                .col(
                    ColumnDef::new(UsedTokens::Nonce)
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(UsedTokens::UsedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AppSecrets::Table)
                .col(
                    ColumnDef::new(AppSecrets::Name)
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(AppSecrets::Value).string().not_null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .add_column(ColumnDef::new(Unsub::UnsubscribeUrl).string())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .drop_column(Unsub::UnsubscribeUrl)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(AppSecrets::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(UsedTokens::Table).to_owned())
            .await
    }
}
