use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Series {
    Table,
    Id,
    Slug,
    Name,
    TimeZone,
    SourceUrlTemplate,
    IntervalDays,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Series::Table)
                .col(
                    ColumnDef::new(Series::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Series::Slug)
                        .string()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Series::Name).string().not_null())
                .col(ColumnDef::new(Series::TimeZone).string().not_null())
                .col(ColumnDef::new(Series::SourceUrlTemplate).string())
                .col(
                    ColumnDef::new(Series::IntervalDays)
                        .integer()
                        .not_null()
                        .default(7),
                )
                .col(
                    ColumnDef::new(Series::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Series::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Series::Table).to_owned())
            .await
    }
}
