//! An entry's kind, way out and outcome, written to either store as their text and read
//! back as the enums: the stores hand the rest of the tool typed values, never text to
//! match. A kind or way no version writes is an error of the entry's row, which the store
//! reports; every outcome text is some outcome (`Outcome::from_stored`), kept byte for
//! byte.

use std::error::Error;

use bytes::BytesMut;
use postgres::types::{FromSql as PostgresFromSql, IsNull, ToSql as PostgresToSql, Type};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use super::entry::{EntryKind, Via};
use super::outcome::Outcome;

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

impl ToSql for Outcome {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Outcome {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(Outcome::from_stored)
    }
}

impl<'a> PostgresFromSql<'a> for Outcome {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn Error + Sync + Send>> {
        <&str as PostgresFromSql>::from_sql(ty, raw).map(Outcome::from_stored)
    }

    fn accepts(ty: &Type) -> bool {
        <&str as PostgresFromSql>::accepts(ty)
    }
}

impl PostgresToSql for Outcome {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        <&str as PostgresToSql>::to_sql(&self.to_string().as_str(), ty, out)
    }

    fn accepts(ty: &Type) -> bool {
        <&str as PostgresToSql>::accepts(ty)
    }

    postgres::types::to_sql_checked!();
}

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

    #[test]
    fn an_outcome_goes_into_sqlite_as_its_text_and_comes_back_as_the_same_outcome() {
        let connection = rusqlite::Connection::open_in_memory().expect("opens");
        let outcomes = [
            Outcome::Success,
            Outcome::failed("access_denied"),
            Outcome::verified(None),
            Outcome::verified(Some(Outcome::failed("user_left_flow"))),
        ];
        for outcome in outcomes {
            let (text, back): (String, Outcome) = connection
                .query_row("SELECT ?1, ?1", [&outcome], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .expect("reads");
            assert_eq!(text, outcome.to_string());
            assert_eq!(back, outcome);
        }
    }
}
