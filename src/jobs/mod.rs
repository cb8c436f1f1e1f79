//! Background work: `reminders` plans and delivers emails; `scheduler`
//! only wakes it every minute.

pub mod reminders;
pub mod scheduler;
