//! What a file is, read from its own first bytes: the format from its signature, the pixel
//! size from its header (`imagesize`; no pixel data is decoded).

use crate::spec::MediaType;

/// The most of a file kept to find its pixel size: a PNG's or WebP's header is in its first 30
/// bytes, a JPEG's frame header comes after its APPn segments (EXIF, ICC profiles), which are
/// rarely this long.
pub const HEAD_LIMIT: usize = 1024 * 1024;

/// A file's first bytes, kept until its header has been read.
#[derive(Debug, Default)]
pub struct Head {
    bytes: Vec<u8>,
    done: Option<Probe>,
}

/// What the first bytes of a file say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// A PNG, JPEG or WebP whose header gives its size in pixels.
    Image {
        media_type: MediaType,
        width: u64,
        height: u64,
    },
    /// A PNG, JPEG or WebP whose header cannot be read: cut short, corrupt, or (a JPEG) no
    /// frame header within [`HEAD_LIMIT`] bytes.
    Unreadable(MediaType),
    /// None of the formats capspec reads.
    Unknown,
}

impl Head {
    /// Takes the next bytes of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.done.is_some() {
            return;
        }
        let room = HEAD_LIMIT - self.bytes.len();
        self.bytes
            .extend_from_slice(&chunk[..chunk.len().min(room)]);
        self.done = self.read(false);
        if self.done.is_some() {
            self.bytes = Vec::new();
        }
    }

    /// What the file is, once all of it has passed.
    pub fn finish(mut self) -> Probe {
        self.done
            .take()
            .or_else(|| self.read(true))
            .unwrap_or(Probe::Unknown)
    }

    /// The answer, or `None` while more bytes could still give one.
    fn read(&self, end: bool) -> Option<Probe> {
        let Some(media_type) = MediaType::sniff(&self.bytes) else {
            // A signature is at most 12 bytes: with that many, it is none of them.
            return (end || self.bytes.len() >= 12).then_some(Probe::Unknown);
        };
        match imagesize::blob_size(&self.bytes) {
            Ok(size) if size.width == 0 || size.height == 0 => Some(Probe::Unreadable(media_type)),
            Ok(size) => Some(Probe::Image {
                media_type,
                width: size.width as u64,
                height: size.height as u64,
            }),
            Err(imagesize::ImageError::IoError(e))
                if e.kind() == std::io::ErrorKind::UnexpectedEof
                    && !end
                    && self.bytes.len() < HEAD_LIMIT =>
            {
                None
            }
            Err(_) => Some(Probe::Unreadable(media_type)),
        }
    }
}
