//! Schema migrations, one change per file, applied at start and by
//! `followup migrate up|down|status`.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_series;
mod m20261123_000002_create_meetings;
mod m20261123_000003_create_people;
mod m20261123_000004_create_items;
mod m20261123_000005_create_item_owners;
mod m20261123_000006_create_item_events;
mod m20261124_000007_create_item_mentions;
mod m20261124_000008_add_item_tracking;
mod m20261124_000009_change_meeting_keys;
mod m20261124_000010_create_series_periods;
mod m20261124_000011_create_series_exceptions;
mod m20261124_000012_add_series_lead;
mod m20261124_000013_create_outbox;
mod m20261124_000014_add_series_list_address;
mod m20261124_000015_create_action_tokens;
mod m20261124_000016_create_api_tokens;
mod m20261124_000017_create_data_version;
mod m20261124_000018_drop_prefix_indexes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_series::Migration),
            Box::new(m20261123_000002_create_meetings::Migration),
            Box::new(m20261123_000003_create_people::Migration),
            Box::new(m20261123_000004_create_items::Migration),
            Box::new(m20261123_000005_create_item_owners::Migration),
            Box::new(m20261123_000006_create_item_events::Migration),
            Box::new(m20261124_000007_create_item_mentions::Migration),
            Box::new(m20261124_000008_add_item_tracking::Migration),
            Box::new(m20261124_000009_change_meeting_keys::Migration),
            Box::new(m20261124_000010_create_series_periods::Migration),
            Box::new(m20261124_000011_create_series_exceptions::Migration),
            Box::new(m20261124_000012_add_series_lead::Migration),
            Box::new(m20261124_000013_create_outbox::Migration),
            Box::new(m20261124_000014_add_series_list_address::Migration),
            Box::new(m20261124_000015_create_action_tokens::Migration),
            Box::new(m20261124_000016_create_api_tokens::Migration),
            Box::new(m20261124_000017_create_data_version::Migration),
            Box::new(m20261124_000018_drop_prefix_indexes::Migration),
        ]
    }
}
pub use sea_orm_migration::MigrationStatus;
