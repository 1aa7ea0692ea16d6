//! The kubectl crate's error: what kubectl reports before it reaches the API server.

use kubeplay_api::field::go_quote;

/// Why a kubectl command line or its inputs were refused. The messages are kubectl's, without
/// the `error: ` that `cmdutil.CheckErr` puts before them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// pflag: a long flag the command does not have.
    #[error("unknown flag: --{0}")]
    UnknownFlag(String),
    /// pflag: a shorthand the command does not have, with what was left of its group.
    #[error("unknown shorthand flag: '{c}' in -{shorthands}")]
    UnknownShorthand {
        /// The letter.
        c: char,
        /// The group from that letter on.
        shorthands: String,
    },
    /// pflag: a long flag that takes a value came last.
    #[error("flag needs an argument: {0}")]
    NeedsArgument(String),
    /// pflag: a shorthand that takes a value came last.
    #[error("flag needs an argument: '{c}' in -{shorthands}")]
    NeedsArgumentShort {
        /// The letter.
        c: char,
        /// The group from that letter on.
        shorthands: String,
    },
    /// pflag: `---x` or `--=x`.
    #[error("bad flag syntax: {0}")]
    BadFlagSyntax(String),
    /// pflag: a boolean flag given a value `strconv.ParseBool` refuses.
    #[error("invalid argument {} for \"{flag}\" flag: strconv.ParseBool: parsing {}: invalid syntax", go_quote(.value), go_quote(.value))]
    InvalidBool {
        /// The value given.
        value: String,
        /// The flag as pflag names it (`-A, --all-namespaces`).
        flag: String,
    },
    /// pflag: an integer flag given a value `strconv.ParseInt` refuses.
    #[error("invalid argument {} for \"{flag}\" flag: strconv.ParseInt: parsing {}: {reason}", go_quote(.value), go_quote(.value))]
    InvalidInt {
        /// The value given.
        value: String,
        /// The flag as pflag names it (`--grace-period`).
        flag: String,
        /// `invalid syntax` or `value out of range`.
        reason: &'static str,
    },
    /// A resource type the server does not serve.
    #[error("the server doesn't have a resource type \"{0}\"")]
    UnknownResource(String),
    /// `create secret`: a key that `IsConfigMapKey` refuses.
    #[error("{} is not valid key name for a Secret {reasons}", go_quote(.key))]
    InvalidSecretKey {
        /// The key.
        key: String,
        /// What is wrong with it, `;`-separated.
        reasons: String,
    },
    /// `create configmap`: a key that `IsConfigMapKey` refuses (validateNewConfigMap).
    #[error("{} is not a valid key name for a ConfigMap: {reasons}", go_quote(.key))]
    InvalidConfigMapKey {
        /// The key.
        key: String,
        /// What is wrong with it, `,`-separated.
        reasons: String,
    },
    /// `create configmap`: the key is already in `Data` or `BinaryData` (validateNewConfigMap).
    #[error("cannot add key {}, another key by that name already exists in {bag} for ConfigMap {}", go_quote(.key), go_quote(.name))]
    ConfigMapKeyExists {
        /// The key.
        key: String,
        /// `Data` or `BinaryData`.
        bag: &'static str,
        /// The config map's name.
        name: String,
    },
    /// `create secret`: the same key twice.
    #[error("cannot add key {0}, another key by that name already exists")]
    DuplicateKey(String),
    /// `create secret tls`: the PEM checks of Go's `tls.X509KeyPair`, with its message.
    #[error("{0}")]
    TlsKeyPair(String),
    /// A console file could not be read.
    #[error(transparent)]
    File(#[from] kubeplay_shell::Error),
}

/// A result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether cobra's flag error handler reports it (then `See '... --help' for usage.` follows).
    pub fn is_flag_error(&self) -> bool {
        matches!(
            self,
            Error::UnknownFlag(_)
                | Error::UnknownShorthand { .. }
                | Error::NeedsArgument(_)
                | Error::NeedsArgumentShort { .. }
                | Error::BadFlagSyntax(_)
                | Error::InvalidBool { .. }
                | Error::InvalidInt { .. }
        )
    }
}
