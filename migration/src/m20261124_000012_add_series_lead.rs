use super::m20261123_000001_create_series::Series;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// How long before a call reminders go out (minutes; 24 h by default).
#[derive(DeriveIden)]
enum Lead {
    LeadMinutes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Series::Table)
                .add_column(
                    ColumnDef::new(Lead::LeadMinutes)
                        .integer()
                        .not_null()
                        .default(1440),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Series::Table)
                .drop_column(Lead::LeadMinutes)
                .to_owned(),
        )
        .await
    }
}
