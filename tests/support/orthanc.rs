//! A real Orthanc for `tests/pacs.rs`: started on free loopback ports with a temporary storage
//! folder and a generated configuration (authentication on, one test user, the DICOMweb plugin
//! where the Debian package puts it), killed when dropped; and a small CT series written byte
//! by byte (Explicit VR Little Endian), so the round trip needs nothing from `../shared`.
#![allow(dead_code)]

use std::fs;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use caselens::io::pacs::{PacsServer, Secret};

pub const USER: &str = "reader";
pub const PASSWORD: &str = "correct horse";

/// A running Orthanc, stopped (killed) when dropped.
pub struct Orthanc {
    child: Child,
    port: u16,
    folder: tempfile::TempDir,
}

impl Orthanc {
    /// Starts Orthanc, or returns `None` (with `skipped` printed) when it is not installed.
    pub fn start() -> Option<Self> {
        let Some(binary) = ["/usr/sbin/Orthanc", "/usr/bin/Orthanc"]
            .iter()
            .map(PathBuf::from)
            .find(|path| path.exists())
        else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "Orthanc is not installed; .ci/run installs the orthanc and orthanc-dicomweb packages"
            );
            println!(
                "skipped: Orthanc is not installed (apt-get install orthanc orthanc-dicomweb)"
            );
            return None;
        };
        // Ports are picked free but released before Orthanc binds them, so another test may
        // take one first: then Orthanc exits, and it is started again on other ports.
        let mut problem = String::new();
        for _attempt in 0..5 {
            match Self::launch(&binary) {
                Ok(orthanc) => return Some(orthanc),
                Err(log) => problem = log,
            }
        }
        panic!("Orthanc did not start in 5 attempts; the last said:\n{problem}");
    }

    fn launch(binary: &PathBuf) -> Result<Self, String> {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let (port, dicom_port) = (free_port(), free_port());
        let name = format!("caselens-test-{port}");
        let config = serde_json::json!({
            "Name": name,
            "StorageDirectory": folder.path().join("storage"),
            "IndexDirectory": folder.path().join("storage"),
            "HttpPort": port,
            "DicomPort": dicom_port,
            "RemoteAccessAllowed": false,
            "AuthenticationEnabled": true,
            "RegisteredUsers": { USER: PASSWORD },
            "Plugins": [dicomweb_plugin()],
            "DicomWeb": { "Enable": true, "Root": "/dicom-web/" },
        });
        let config_path = folder.path().join("orthanc.json");
        fs::write(&config_path, config.to_string()).expect("config written");
        let log = fs::File::create(folder.path().join("orthanc.log")).expect("log file");
        let child = Command::new(binary)
            .arg(&config_path)
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("Orthanc starts");
        let mut orthanc = Self {
            child,
            port,
            folder,
        };
        orthanc.wait_until_ready(&name)?;
        Ok(orthanc)
    }

    /// Waits until this Orthanc (not another test's on a reused port) answers.
    fn wait_until_ready(&mut self, name: &str) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = format!("http://127.0.0.1:{}/system", self.port);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Orthanc exited ({status}):\n{}", self.log()));
            }
            let answer = ureq::get(&url)
                .header("Authorization", basic_auth())
                .call()
                .and_then(|mut response| response.body_mut().read_to_string());
            if let Ok(system) = answer {
                let ours = serde_json::from_str::<serde_json::Value>(&system)
                    .is_ok_and(|system| system["Name"] == name);
                return if ours {
                    Ok(())
                } else {
                    Err(format!("another server answers on port {}", self.port))
                };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "Orthanc did not answer within 60 s:\n{}",
            self.log()
        ))
    }

    fn log(&self) -> String {
        fs::read_to_string(self.folder.path().join("orthanc.log")).unwrap_or_default()
    }

    pub fn dicomweb(&self) -> String {
        format!("http://127.0.0.1:{}/dicom-web", self.port)
    }

    pub fn server(&self, password: &str) -> PacsServer {
        PacsServer {
            base_url: self.dicomweb(),
            user: Some(USER.to_owned()),
            password: Some(Secret::new(password)),
        }
    }

    /// Stores one DICOM file through Orthanc's REST API.
    pub fn upload(&self, bytes: &[u8]) {
        let url = format!("http://127.0.0.1:{}/instances", self.port);
        ureq::post(&url)
            .header("Authorization", basic_auth())
            .header("Content-Type", "application/dicom")
            .send(bytes)
            .unwrap_or_else(|error| panic!("upload refused: {error}\n{}", self.log()));
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Orthanc {
    fn drop(&mut self) {
        self.stop();
    }
}

fn basic_auth() -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    format!("Basic {token}")
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// Where the Debian package put the DICOMweb plugin, as `dpkg -L orthanc-dicomweb` says.
fn dicomweb_plugin() -> PathBuf {
    let listed = Command::new("dpkg")
        .args(["-L", "orthanc-dicomweb"])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default();
    listed
        .lines()
        .map(PathBuf::from)
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("libOrthancDicomWeb.so"))
                && path.is_file()
        })
        .unwrap_or_else(|| PathBuf::from("/usr/share/orthanc/plugins/libOrthancDicomWeb.so"))
}

/// A small CT series written here, byte by byte (Explicit VR Little Endian), so the round trip
/// runs on a bare clone: `count` slices of `size`×`size` 16-bit pixels.
pub struct Synthetic {
    pub study_uid: String,
    pub series_uid: String,
    pub files: Vec<(String, Vec<u8>)>,
}

pub fn synthetic_series(root: &str, patient: &str, count: usize, size: u16) -> Synthetic {
    let study_uid = format!("{root}.1");
    let series_uid = format!("{root}.2");
    let files = (0..count)
        .map(|index| {
            let sop_uid = format!("{root}.3.{}", index + 1);
            let bytes = dicom_file(&study_uid, &series_uid, &sop_uid, patient, index, size);
            (sop_uid, bytes)
        })
        .collect();
    Synthetic {
        study_uid,
        series_uid,
        files,
    }
}

fn dicom_file(
    study: &str,
    series: &str,
    sop: &str,
    patient: &str,
    index: usize,
    size: u16,
) -> Vec<u8> {
    const CT: &str = "1.2.840.10008.5.1.4.1.1.2";
    const EXPLICIT_LE: &str = "1.2.840.10008.1.2.1";
    let mut meta = Vec::new();
    element(&mut meta, 0x0002, 0x0001, "OB", &[0, 1]);
    element(&mut meta, 0x0002, 0x0002, "UI", &uid(CT));
    element(&mut meta, 0x0002, 0x0003, "UI", &uid(sop));
    element(&mut meta, 0x0002, 0x0010, "UI", &uid(EXPLICIT_LE));
    element(
        &mut meta,
        0x0002,
        0x0012,
        "UI",
        &uid("1.2.826.0.1.3680043.10.1"),
    );
    let mut out = vec![0u8; 128];
    out.extend_from_slice(b"DICM");
    element(
        &mut out,
        0x0002,
        0x0000,
        "UL",
        &(meta.len() as u32).to_le_bytes(),
    );
    out.extend_from_slice(&meta);
    let text = |value: &str| {
        let mut bytes = value.as_bytes().to_vec();
        if bytes.len() % 2 == 1 {
            bytes.push(b' ');
        }
        bytes
    };
    let us = |value: u16| value.to_le_bytes().to_vec();
    element(&mut out, 0x0008, 0x0016, "UI", &uid(CT));
    element(&mut out, 0x0008, 0x0018, "UI", &uid(sop));
    element(&mut out, 0x0008, 0x0020, "DA", &text("20200203"));
    element(&mut out, 0x0008, 0x0050, "SH", &text("ACC-B2"));
    element(&mut out, 0x0008, 0x0060, "CS", &text("CT"));
    element(&mut out, 0x0008, 0x103E, "LO", &text("Chest 1.25mm"));
    element(&mut out, 0x0010, 0x0010, "PN", &text("Phantom^Chest"));
    element(&mut out, 0x0010, 0x0020, "LO", &text(patient));
    element(&mut out, 0x0020, 0x000D, "UI", &uid(study));
    element(&mut out, 0x0020, 0x000E, "UI", &uid(series));
    element(&mut out, 0x0020, 0x0011, "IS", &text("2"));
    element(
        &mut out,
        0x0020,
        0x0013,
        "IS",
        &text(&(index + 1).to_string()),
    );
    element(&mut out, 0x0028, 0x0002, "US", &us(1));
    element(&mut out, 0x0028, 0x0004, "CS", &text("MONOCHROME2"));
    element(&mut out, 0x0028, 0x0010, "US", &us(size));
    element(&mut out, 0x0028, 0x0011, "US", &us(size));
    element(&mut out, 0x0028, 0x0100, "US", &us(16));
    element(&mut out, 0x0028, 0x0101, "US", &us(16));
    element(&mut out, 0x0028, 0x0102, "US", &us(15));
    element(&mut out, 0x0028, 0x0103, "US", &us(0));
    let pixels: Vec<u8> = (0..usize::from(size) * usize::from(size))
        .flat_map(|pixel| ((pixel + index * 7) as u16).to_le_bytes())
        .collect();
    element(&mut out, 0x7FE0, 0x0010, "OW", &pixels);
    out
}

fn uid(value: &str) -> Vec<u8> {
    let mut bytes = value.as_bytes().to_vec();
    if bytes.len() % 2 == 1 {
        bytes.push(0);
    }
    bytes
}

fn element(out: &mut Vec<u8>, group: u16, number: u16, vr: &str, value: &[u8]) {
    out.extend_from_slice(&group.to_le_bytes());
    out.extend_from_slice(&number.to_le_bytes());
    out.extend_from_slice(vr.as_bytes());
    if matches!(vr, "OB" | "OW" | "UN" | "SQ" | "UT") {
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&(value.len() as u32).to_le_bytes());
    } else {
        out.extend_from_slice(&(value.len() as u16).to_le_bytes());
    }
    out.extend_from_slice(value);
}
