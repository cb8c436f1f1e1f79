use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// API tokens (bearer): only a SHA-256 of each token is kept.
#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    Name,
    Scope,
    TokenHash,
    Prefix,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiTokens::Table)
                .col(
                    ColumnDef::new(ApiTokens::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(ApiTokens::Name).string().not_null())
                .col(ColumnDef::new(ApiTokens::Scope).string().not_null())
                .col(
                    ColumnDef::new(ApiTokens::TokenHash)
                        .string()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(ApiTokens::Prefix).string().not_null())
                .col(
                    ColumnDef::new(ApiTokens::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(ApiTokens::ExpiresAt).timestamp_with_time_zone())
                .col(ColumnDef::new(ApiTokens::RevokedAt).timestamp_with_time_zone())
                .col(ColumnDef::new(ApiTokens::LastUsedAt).timestamp_with_time_zone())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ApiTokens::Table).to_owned())
            .await
    }
}
