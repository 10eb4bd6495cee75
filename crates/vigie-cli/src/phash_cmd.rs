//! `vigie hash`, `vigie match` and `vigie lists`: PDQ hashing of images, screening against hash
//! lists, and list management. Thin: arguments here, work in `vigie-phash`, rendering in the
//! submodules. Images are read, hashed and dropped: never copied, stored, logged or printed.

mod hash;
mod lists;
mod matching;
mod support;
mod walk;

pub(crate) use matching::ListOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output format for machines and people.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Lisible (défaut).
    Text,
    /// Un tableau JSON.
    Json,
    /// Un objet JSON par ligne.
    Jsonl,
    /// CSV avec en-tête.
    Csv,
}

/// Language of messages and explanations.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Français (défaut).
    Fr,
    /// English.
    En,
}

/// Limits and orientation options shared by `hash` and `match`.
#[derive(clap::Args, Clone, Debug)]
pub struct ImageOptions {
    /// Hache les pixels tels que stockés, sans appliquer l'orientation EXIF (comme les outils de Meta).
    #[arg(long)]
    pub no_exif_orientation: bool,
    /// Taille maximale d'un fichier image, en Mio.
    #[arg(long, default_value_t = 256, value_name = "MIO")]
    pub max_file_mib: u64,
    /// Nombre maximal de mégapixels d'une image (protection contre les bombes de décompression).
    #[arg(long, default_value_t = 100, value_name = "MPX")]
    pub max_megapixels: u64,
    /// Nombre de fils de calcul (défaut : nombre de cœurs).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Arguments of `vigie hash`.
#[derive(clap::Args, Debug)]
pub struct HashArgs {
    /// Images ou dossiers (parcourus récursivement : .jpg .jpeg .png .webp .gif .bmp .tif .tiff).
    #[arg(required = true, value_name = "CHEMIN")]
    pub paths: Vec<PathBuf>,
    /// Format de sortie.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Ajoute les 8 hashes dièdres (rotations et miroirs).
    #[arg(long)]
    pub dihedral: bool,
    #[command(flatten)]
    pub image: ImageOptions,
    /// Langue des messages.
    #[arg(long, value_enum, default_value_t = Lang::Fr)]
    pub lang: Lang,
}

/// Arguments of `vigie match`.
#[derive(clap::Args, Debug)]
pub struct MatchArgs {
    /// Liste de hashes à rechercher (CSV ou JSONL Vigie, ou hex brut ThreatExchange/HMA) ; répétable.
    #[arg(long = "list", required = true, value_name = "FICHIER")]
    pub lists: Vec<PathBuf>,
    /// Liste d'images connues comme anodines : une correspondance annule les autres ; répétable.
    #[arg(long = "negative", value_name = "FICHIER")]
    pub negatives: Vec<PathBuf>,
    /// Hashes PDQ (64 chiffres hexadécimaux), images ou dossiers d'images.
    #[arg(required = true, value_name = "HASH|IMAGE")]
    pub inputs: Vec<String>,
    /// Format de sortie.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Distance de Hamming maximale pour une correspondance (sur 256 bits).
    #[arg(long, default_value_t = 31, value_name = "N")]
    pub max_distance: u32,
    /// Distance propre à une liste : NOM=N (répétable).
    #[arg(long = "list-max-distance", value_name = "LISTE=N")]
    pub list_max_distance: Vec<String>,
    /// Qualité PDQ minimale des entrées et des images comparées (PDQ conseille d'écarter ≤ 49).
    #[arg(long, default_value_t = 50, value_name = "Q")]
    pub min_quality: u8,
    /// Compare l'image telle quelle seulement, sans ses rotations ni ses miroirs.
    #[arg(long)]
    pub no_dihedral: bool,
    /// Fichier d'état de la quarantaine automatique (lu s'il existe, puis mis à jour).
    #[arg(long, value_name = "FICHIER")]
    pub flood_state: Option<PathBuf>,
    /// Désactive la quarantaine automatique des entrées qui correspondent soudain à trop d'images.
    #[arg(long)]
    pub no_flood: bool,
    /// Affiche l'explication complète de chaque résultat (format text).
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub image: ImageOptions,
    /// Langue des messages et des explications.
    #[arg(long, value_enum, default_value_t = Lang::Fr)]
    pub lang: Lang,
}

/// Input format of a list file.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormatArg {
    /// CSV Vigie.
    Csv,
    /// JSONL Vigie.
    Jsonl,
    /// Un hash hexadécimal par ligne (outils de Meta, ThreatExchange, HMA).
    Hex,
    /// `pdq HASH` par ligne (python-threatexchange).
    Te,
}

/// Arguments of `vigie lists import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Liste à importer (hex brut, `pdq HASH`, CSV ou JSONL ; détecté si --input-format est absent).
    #[arg(value_name = "FICHIER")]
    pub from: PathBuf,
    /// Fichier de listes Vigie à créer ou compléter (.csv, ou .jsonl).
    #[arg(long, value_name = "FICHIER")]
    pub into: PathBuf,
    /// Nom de la liste pour les entrées qui n'en ont pas (défaut : nom du fichier importé).
    #[arg(long, value_name = "NOM")]
    pub list: Option<String>,
    /// Provenance à inscrire (ex. `stopncii:2026-11-29`).
    #[arg(long, value_name = "TEXTE")]
    pub provenance: Option<String>,
    /// Format du fichier importé.
    #[arg(long, value_enum)]
    pub input_format: Option<ListFormatArg>,
    /// Écarte les entrées de qualité connue inférieure (0 pour tout garder).
    #[arg(long, default_value_t = 50, value_name = "Q")]
    pub min_quality: u8,
    /// Langue des messages.
    #[arg(long, value_enum, default_value_t = Lang::Fr)]
    pub lang: Lang,
}

/// Arguments of `vigie lists confirm|deconfirm|quarantine`.
#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// Fichier de listes Vigie (CSV ou JSONL) à modifier.
    #[arg(long = "list", value_name = "FICHIER")]
    pub file: PathBuf,
    /// Hashes concernés.
    #[arg(required = true, value_name = "HASH")]
    pub hashes: Vec<String>,
    /// Nom de la personne qui décide (obligatoire : toute décision est attribuée).
    #[arg(long, value_name = "NOM")]
    pub by: String,
    /// Motif de la décision.
    #[arg(long, value_name = "TEXTE")]
    pub note: Option<String>,
    /// Ne modifie que les entrées de cette liste.
    #[arg(long = "only-list", value_name = "NOM")]
    pub only_list: Option<String>,
    /// Lève aussi la quarantaine automatique de ces hashes dans ce fichier d'état.
    #[arg(long, value_name = "FICHIER")]
    pub flood_state: Option<PathBuf>,
    /// Langue des messages.
    #[arg(long, value_enum, default_value_t = Lang::Fr)]
    pub lang: Lang,
}

/// Output format of `vigie lists export`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Un hash par ligne (ThreatExchange, HMA, outils de Meta).
    Hex,
    /// `pdq HASH` par ligne (python-threatexchange).
    Te,
    /// CSV Vigie.
    Csv,
    /// JSONL Vigie.
    Jsonl,
}

/// `vigie lists` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum ListsCmd {
    /// Importe une liste (hex ThreatExchange/HMA, `pdq HASH`, CSV, JSONL) dans un fichier Vigie.
    Import(ImportArgs),
    /// Écrit une liste sur la sortie standard (hex, te, csv, jsonl).
    Export {
        /// Fichier de listes.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Format de sortie.
        #[arg(long, value_enum, default_value_t = ExportFormat::Hex)]
        format: ExportFormat,
        /// N'exporte que cette liste.
        #[arg(long = "only-list", value_name = "NOM")]
        only_list: Option<String>,
        /// Inclut les entrées infirmées (exclues par défaut des formats hex et te, qui n'ont pas de statut).
        #[arg(long)]
        include_deconfirmed: bool,
        /// Langue des messages.
        #[arg(long, value_enum, default_value_t = Lang::Fr)]
        lang: Lang,
    },
    /// Statistiques par liste : entrées, statuts, qualité, dates.
    Stats {
        /// Fichiers de listes.
        #[arg(required = true, value_name = "FICHIER")]
        files: Vec<PathBuf>,
        /// Format de sortie.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Langue des messages.
        #[arg(long, value_enum, default_value_t = Lang::Fr)]
        lang: Lang,
    },
    /// Confirme des hashes : ils désignent bien le contenu signalé (exemptés de quarantaine automatique).
    Confirm(ReviewArgs),
    /// Infirme des hashes : faux positifs, ils ne correspondront plus.
    Deconfirm(ReviewArgs),
    /// Met des hashes en quarantaine : leurs correspondances sont à vérifier, jamais appliquées.
    Quarantine(ReviewArgs),
}

/// `vigie hash`.
pub fn run_hash(args: &HashArgs) -> anyhow::Result<ExitCode> {
    hash::run(args)
}

/// `vigie match`.
pub fn run_match(args: &MatchArgs) -> anyhow::Result<ExitCode> {
    matching::run(args)
}

/// `vigie lists …`.
pub fn run_lists(cmd: &ListsCmd) -> anyhow::Result<ExitCode> {
    lists::run(cmd)
}
