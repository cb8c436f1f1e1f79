use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables whose rows item lists and statistics show.
const WATCHED: &[&str] = &["items", "item_owners", "people", "series", "meetings"];

/// A counter that every change to those tables bumps (by trigger, so no
/// write path can forget it, whichever instance or command writes): cached
/// API answers are valid exactly as long as it stays the same. Plus the
/// composite indexes that the common list filters need.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE TABLE data_version (id INTEGER NOT NULL PRIMARY KEY, n BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO data_version (id, n) VALUES (1, 0)")
            .await?;
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; RETURN NULL; END $$",
                )
                .await?;
                for t in WATCHED {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_data_version AFTER INSERT OR UPDATE OR DELETE ON {t} \
                         FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
                    ))
                    .await?;
                }
            }
            _ => {
                for t in WATCHED {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {t}_data_version_{} AFTER {op} ON {t} \
                             BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END",
                            op.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        // Equality columns first, then the default order (newest first):
        // a filtered page is read in index order, no sort.
        for (name, cols) in [
            ("ix_items_status_created", "status, created_at"),
            (
                "ix_items_series_status_created",
                "series_id, status, created_at",
            ),
            ("ix_items_status_kind", "status, kind"),
            ("ix_items_status_due", "status, due"),
        ] {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON items ({cols})"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for name in [
            "ix_items_status_created",
            "ix_items_series_status_created",
            "ix_items_status_kind",
            "ix_items_status_due",
        ] {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        match m.get_database_backend() {
            DbBackend::Postgres => {
                for t in WATCHED {
                    db.execute_unprepared(&format!("DROP TRIGGER {t}_data_version ON {t}"))
                        .await?;
                }
                db.execute_unprepared("DROP FUNCTION bump_data_version()")
                    .await?;
            }
            _ => {
                for t in WATCHED {
                    for op in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER {t}_data_version_{op}"))
                            .await?;
                    }
                }
            }
        }
        db.execute_unprepared("DROP TABLE data_version").await?;
        Ok(())
    }
}
