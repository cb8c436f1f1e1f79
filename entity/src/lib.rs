//! sea-orm entities of followup: plain table shapes, no business rules.

pub mod api_token;
pub mod item;
pub mod item_event;
pub mod item_mention;
pub mod item_owner;
pub mod meeting;
pub mod outbox;
pub mod person;
pub mod series;
pub mod series_exception;
pub mod series_period;

pub mod prelude {
    pub use super::item::Entity as Item;
    pub use super::item_event::Entity as ItemEvent;
    pub use super::item_mention::Entity as ItemMention;
    pub use super::item_owner::Entity as ItemOwner;
    pub use super::meeting::Entity as Meeting;
    pub use super::person::Entity as Person;
    pub use super::series::Entity as Series;
}
