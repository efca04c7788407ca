//! An entry's kind and way out, written to either store as their names and read back as
//! the enums: the stores hand the rest of the tool typed values, never text to match.
//! A name no version writes is an error of the entry's row, which the store reports.

use std::error::Error;

use postgres::types::{FromSql as PostgresFromSql, Type};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use super::entry::{EntryKind, Via};

/// A stored name this version does not know.
#[derive(Debug, thiserror::Error)]
#[error("an entry's {what} is `{name}`, which this version of reauth-link does not know")]
pub struct UnknownName {
    what: &'static str,
    name: String,
}

/// Both enums stored by name.
trait StoredName: Sized {
    const WHAT: &'static str;
    fn parse(name: &str) -> Option<Self>;
    fn stored(self) -> &'static str;

    fn from_name(name: &str) -> Result<Self, UnknownName> {
        Self::parse(name).ok_or_else(|| UnknownName {
            what: Self::WHAT,
            name: name.to_owned(),
        })
    }
}

impl StoredName for EntryKind {
    const WHAT: &'static str = "kind";
    fn parse(name: &str) -> Option<Self> {
        EntryKind::parse(name)
    }
    fn stored(self) -> &'static str {
        self.as_str()
    }
}

impl StoredName for Via {
    const WHAT: &'static str = "way out";
    fn parse(name: &str) -> Option<Self> {
        Via::parse(name)
    }
    fn stored(self) -> &'static str {
        self.as_str()
    }
}

macro_rules! stored_by_name {
    ($type:ty) => {
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.stored()))
            }
        }

        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let name = value.as_str()?;
                <$type>::from_name(name).map_err(|unknown| FromSqlError::Other(Box::new(unknown)))
            }
        }

        impl<'a> PostgresFromSql<'a> for $type {
            fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn Error + Sync + Send>> {
                let name = <&str as PostgresFromSql>::from_sql(ty, raw)?;
                Ok(<$type>::from_name(name)?)
            }

            fn accepts(ty: &Type) -> bool {
                <&str as PostgresFromSql>::accepts(ty)
            }
        }
    };
}

stored_by_name!(EntryKind);
stored_by_name!(Via);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::LinkKind;

    #[test]
    fn every_kind_and_way_reads_back_from_its_stored_name() {
        let kinds = LinkKind::ALL
            .into_iter()
            .map(EntryKind::Link)
            .chain([EntryKind::Disconnect]);
        for kind in kinds {
            assert_eq!(EntryKind::from_name(kind.stored()).ok(), Some(kind));
        }
        for via in Via::ALL {
            assert_eq!(Via::from_name(via.stored()).ok(), Some(via));
        }
    }

    #[test]
    fn a_name_no_version_writes_is_refused_by_name() {
        let error = EntryKind::from_name("teleport").expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "an entry's kind is `teleport`, which this version of reauth-link does not know"
        );
        assert!(Via::from_name("Copied").is_err(), "names are exact");
    }
}
