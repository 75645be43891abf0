//! `caselens pacs find|get|settings`: search the archive (QIDO-RS) and retrieve a series
//! (WADO-RS) from a terminal or a script. The server comes from `--server`/`--user` or the
//! saved settings; the password from `CASELENS_PACS_PASSWORD` or a prompt, never a file.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::error::CliError;
use crate::io::pacs::settings::{PacsSettings, load_settings, save_settings, settings_path};
use crate::io::pacs::{
    DateRange, MAX_STUDIES, PacsServer, Progress, Secret, SeriesQuery, find_series, retrieve_series,
};

/// Arguments of `caselens pacs`.
#[derive(Debug, clap::Args)]
pub struct PacsArgs {
    #[command(subcommand)]
    pub command: PacsCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PacsCommand {
    /// Search studies and their series (QIDO-RS) and print them as a table.
    Find(FindArgs),
    /// Retrieve a whole series (WADO-RS) into DIR/<series UID>, with progress.
    Get(GetArgs),
    /// Save the archive's address and user for later commands and the app (no password).
    Settings(SettingsArgs),
}

/// Which archive; both default to the saved settings.
#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// The DICOMweb base URL, e.g. http://pacs.example.org:8042/dicom-web.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The user for basic authentication; the password comes from CASELENS_PACS_PASSWORD or
    /// a prompt.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct FindArgs {
    #[command(flatten)]
    pub server: ServerArgs,
    /// Patient ID (wildcards * and ? allowed).
    #[arg(long, value_name = "ID")]
    pub patient: Option<String>,
    /// Patient name, DICOM style (`Doe^Jane`, wildcards allowed).
    #[arg(long, value_name = "NAME")]
    pub patient_name: Option<String>,
    /// Study date or range: 2020-01-20, 2020-01-20..2020-02-10, 20200120-20200210.
    #[arg(long, value_name = "FROM-TO", value_parser = DateRange::parse)]
    pub date: Option<DateRange>,
    /// Modality, e.g. CT.
    #[arg(long, value_name = "MODALITY")]
    pub modality: Option<String>,
    /// Accession number.
    #[arg(long, value_name = "NUMBER")]
    pub accession: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct GetArgs {
    #[command(flatten)]
    pub server: ServerArgs,
    #[arg(value_name = "STUDY_UID")]
    pub study_uid: String,
    #[arg(value_name = "SERIES_UID")]
    pub series_uid: String,
    /// The folder to retrieve into (usually inside the case folder); created if needed.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SettingsArgs {
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
}

pub fn run(args: PacsArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let result = match args.command {
        PacsCommand::Find(args) => find(args, out, err),
        PacsCommand::Get(args) => get(args, out, err),
        PacsCommand::Settings(args) => settings(args, out),
    };
    match result {
        Ok(()) => true,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            false
        }
    }
}

fn find(args: FindArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let server = resolve_server(&args.server, err)?;
    let query = SeriesQuery {
        patient_id: args.patient.unwrap_or_default(),
        patient_name: args.patient_name.unwrap_or_default(),
        dates: args.date.unwrap_or_default(),
        modality: args.modality.unwrap_or_default(),
        accession: args.accession.unwrap_or_default(),
    };
    let (studies, truncated) = find_series(&server, &query)?;
    let dash = |text: &str| {
        if text.is_empty() {
            "—".to_owned()
        } else {
            text.to_owned()
        }
    };
    let mut series_count = 0;
    for study in &studies {
        let date = study
            .date
            .map(|date| date.to_string())
            .unwrap_or_else(|| "undated".into());
        let _ = writeln!(
            out,
            "study  {}  {date}  patient {} ({})  accession {}  {}",
            study.study_uid,
            dash(&study.patient_id),
            dash(&study.patient_name),
            dash(&study.accession),
            study.description
        );
        for series in &study.series {
            series_count += 1;
            let instances = series
                .instances
                .map(|count| format!("{count} instances"))
                .unwrap_or_else(|| "instances not stated".into());
            let number = series
                .number
                .map(|n| format!("#{n}"))
                .unwrap_or_else(|| "#—".into());
            let _ = writeln!(
                out,
                "  series  {}  {}  {number}  {instances}  {}",
                series.series_uid,
                dash(&series.modality),
                series.description
            );
        }
    }
    let _ = writeln!(
        out,
        "{} stud{}, {series_count} series{}",
        studies.len(),
        if studies.len() == 1 { "y" } else { "ies" },
        if truncated {
            format!(
                "; only the first {} studies are listed: narrow the search",
                MAX_STUDIES
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

fn get(args: GetArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let server = resolve_server(&args.server, err)?;
    std::fs::create_dir_all(&args.out_dir)
        .map_err(|error| format!("could not create {}: {error}", args.out_dir.display()))?;
    let mut last_tenth = usize::MAX;
    let mut report = |progress: &Progress| {
        // A line per tenth of the series: readable in a terminal and in a log.
        let tenth = progress.received * 10 / progress.expected.max(1);
        if tenth != last_tenth || progress.received == progress.expected {
            last_tenth = tenth;
            let _ = writeln!(
                err,
                "received {}/{} instances ({:.1} MB)",
                progress.received,
                progress.expected,
                progress.bytes as f64 / 1e6
            );
        }
    };
    let never = AtomicBool::new(false);
    let retrieved = retrieve_series(
        &server,
        &args.study_uid,
        &args.series_uid,
        &args.out_dir,
        &mut report,
        &never,
    )?;
    let _ = writeln!(
        out,
        "retrieved series {}: {} instances ({:.1} MB), complete, into {}",
        args.series_uid,
        retrieved.instances,
        retrieved.bytes as f64 / 1e6,
        retrieved.folder.display()
    );
    Ok(())
}

fn settings(args: SettingsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let path = settings_path()?;
    let mut settings = load_settings(&path)?;
    if args.server.is_none() && args.user.is_none() {
        let _ = writeln!(out, "{}", describe(&settings, &path));
        return Ok(());
    }
    if let Some(server) = args.server {
        settings.server = server.trim().to_owned();
    }
    if let Some(user) = args.user {
        settings.user = user.trim().to_owned();
    }
    save_settings(&path, &settings)?;
    let _ = writeln!(out, "saved {}", describe(&settings, &path));
    Ok(())
}

fn describe(settings: &PacsSettings, path: &std::path::Path) -> String {
    format!(
        "{}: server {}, user {}",
        path.display(),
        if settings.server.is_empty() {
            "not set"
        } else {
            &settings.server
        },
        if settings.user.is_empty() {
            "none"
        } else {
            &settings.user
        }
    )
}

/// The archive from the arguments, else from the saved settings, with a password for its user.
/// A saved user goes with the saved server only: `--server` elsewhere means `--user` too.
fn resolve_server(args: &ServerArgs, err: &mut dyn Write) -> Result<PacsServer, CliError> {
    let (base_url, user) = match &args.server {
        Some(server) => (server.clone(), args.user.clone()),
        None => {
            let path = settings_path()?;
            let saved = load_settings(&path)?;
            let user = args
                .user
                .clone()
                .or_else(|| (!saved.user.is_empty()).then_some(saved.user));
            (saved.server, user)
        }
    };
    if base_url.trim().is_empty() {
        return Err("no archive address: give --server URL, or save one with \
                    `caselens pacs settings --server URL --user NAME`"
            .to_owned()
            .into());
    }
    let password = match &user {
        Some(user) => Some(read_password(user, &base_url, err)?),
        None => None,
    };
    Ok(PacsServer {
        base_url,
        user,
        password,
    })
}

fn read_password(user: &str, server: &str, err: &mut dyn Write) -> Result<Secret, CliError> {
    if let Ok(password) = std::env::var("CASELENS_PACS_PASSWORD") {
        return Ok(Secret::new(password));
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let _ = write!(err, "password for {user} at {server}: ");
        let _ = err.flush();
        return rpassword::read_password()
            .map(Secret::new)
            .map_err(|error| CliError::Refused(format!("could not read the password: {error}")));
    }
    // A script pipes the password in: one line.
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|error| format!("could not read the password from standard input: {error}"))?;
    Ok(Secret::new(line.trim_end_matches(['\r', '\n'])))
}
