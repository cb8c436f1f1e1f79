use super::m20261123_000001_create_series::Series;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The mailing list that gets the team digest before each call.
#[derive(DeriveIden)]
enum ListAddress {
    ListAddress,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Series::Table)
                .add_column(ColumnDef::new(ListAddress::ListAddress).string())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Series::Table)
                .drop_column(ListAddress::ListAddress)
                .to_owned(),
        )
        .await
    }
}
