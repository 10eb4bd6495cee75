//! Conformance with Meta's C++ reference on the vectors of `../shared/data/pdq-vectors`.
//!
//! Meta's correctness rule (pdq/README.md): every image of quality ≥ 80 within Hamming distance
//! 10 of the reference. We also require distance 0 wherever our pixels are provably the
//! reference's, i.e. for PNG files: lossless decoding gives the very bytes the C++ tool hashed, so
//! the same luminance goes in and the same hash must come out, bit for bit. JPEG decoders (libjpeg
//! behind the C++ tool, zune-jpeg here) may round a few pixels differently.

use vigie_phash::{DecodeOptions, Dihedral, Hash256, Orientation, hash_image};

use crate::common::{is_ext, read_csv, vectors_dir};

struct Row {
    image: String,
    hash: Hash256,
    quality: u8,
}

fn reference_rows(dir: &std::path::Path) -> Vec<Row> {
    read_csv(&dir.join("expected/cpp_reference.csv"))
        .into_iter()
        .map(|r| Row {
            image: r[0].clone(),
            hash: r[1].parse().unwrap(),
            quality: r[2].parse().unwrap(),
        })
        .collect()
}

const STORED: DecodeOptions = DecodeOptions {
    limits: vigie_phash::DecodeLimits {
        max_input_bytes: 256 << 20,
        max_width: 30_000,
        max_height: 30_000,
        max_pixels: 100_000_000,
        max_decoded_bytes: 512 << 20,
    },
    orientation: Orientation::Ignore,
};

#[test]
fn every_image_against_the_cpp_reference() {
    let Some(dir) = vectors_dir() else { return };
    let rows = reference_rows(&dir);
    assert_eq!(rows.len(), 49);
    let mut failures = Vec::new();
    let mut exact = 0;
    let mut histogram = std::collections::BTreeMap::<u32, u32>::new();
    println!("{:<48} {:>5} {:>4} {:>4} {:>9}", "image", "dist", "q", "ref", "size");
    for row in &rows {
        let bytes = std::fs::read(dir.join("images").join(&row.image)).unwrap();
        let got = hash_image(&bytes, &STORED).unwrap_or_else(|e| panic!("{}: {e}", row.image));
        let distance = got.pdq.hash.distance(&row.hash);
        *histogram.entry(distance).or_default() += 1;
        println!(
            "{:<48} {:>5} {:>4} {:>4} {:>9}",
            row.image,
            distance,
            got.pdq.quality,
            row.quality,
            format!("{}x{}", got.width, got.height)
        );
        if row.quality >= 80 && distance > 10 {
            failures.push(format!("{}: distance {distance} > 10", row.image));
        }
        exact += usize::from(distance == 0);
        if is_ext(&row.image, "png") && distance != 0 {
            failures.push(format!("{}: distance {distance}, expected bit-exact", row.image));
        }
        if row.quality >= 80 && got.pdq.quality < 80 {
            failures.push(format!(
                "{}: quality {} (reference {})",
                row.image, got.pdq.quality, row.quality
            ));
        }
        if row.quality < 50 && got.pdq.quality >= 50 {
            failures.push(format!(
                "{}: quality {} but the reference says {}",
                row.image, got.pdq.quality, row.quality
            ));
        }
    }
    println!("distance histogram (distance: images): {histogram:?}; bit-exact: {exact}/49");
    // Regression floor: 45 of 49 are bit-exact with image 0.25.10 (see docs/bench).
    if exact < 44 {
        failures.push(format!("only {exact} of 49 hashes are bit-exact"));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn dihedral_hashes_against_the_cpp_reference() {
    let Some(dir) = vectors_dir() else { return };
    let rows = read_csv(&dir.join("expected/cpp_reference_dihedral.csv"));
    assert_eq!(rows.len(), 49);
    let mut failures = Vec::new();
    let mut worst = 0;
    for row in rows {
        let bytes = std::fs::read(dir.join("images").join(&row[0])).unwrap();
        let got = hash_image(&bytes, &STORED).unwrap();
        let reference_quality: u8 = row[1].parse().unwrap();
        let distances: Vec<u32> = Dihedral::ALL
            .iter()
            .enumerate()
            .map(|(i, d)| got.dihedral.get(*d).distance(&row[2 + i].parse::<Hash256>().unwrap()))
            .collect();
        println!("{:<48} {distances:?}", row[0]);
        let max = *distances.iter().max().unwrap();
        worst = worst.max(max);
        let exact = is_ext(&row[0], "png");
        if (reference_quality >= 80 && max > 10) || (exact && max != 0) {
            failures.push(format!("{}: {distances:?}", row[0]));
        }
    }
    println!("worst dihedral distance: {worst}");
    assert!(failures.is_empty(), "{failures:#?}");
}

fn stored_hashes(dir: &std::path::Path, image: &str) -> [Hash256; 8] {
    let rows = read_csv(&dir.join("expected/cpp_reference_dihedral.csv"));
    let row = rows.iter().find(|r| r[0] == image).unwrap();
    std::array::from_fn(|i| row[2 + i].parse().unwrap())
}

#[test]
fn exif_orientation_applied_lands_on_the_matching_dihedral_hash() {
    let Some(dir) = vectors_dir() else { return };
    // Orientation tag → which symmetry of the stored pixels turns them upright.
    let cases = [
        ("1", Dihedral::Original),
        ("3", Dihedral::Rot180),
        ("6", Dihedral::Rot270),
        ("8", Dihedral::Rot90),
    ];
    for (tag, expected) in cases {
        let image = format!("reg-test-input/exif-rotn/exif-rotn-{tag}.jpg");
        let bytes = std::fs::read(dir.join("images").join(&image)).unwrap();
        let upright = hash_image(&bytes, &DecodeOptions::default()).unwrap();
        assert_eq!(upright.oriented, tag != "1", "{image}");
        let reference = stored_hashes(&dir, &image);
        let distances: Vec<u32> = reference.iter().map(|h| h.distance(&upright.pdq.hash)).collect();
        println!("{image} upright vs reference dihedral hashes: {distances:?}");
        let best = (0..8).min_by_key(|&i| distances[i]).unwrap();
        assert_eq!(Dihedral::ALL[best], expected, "{image}: {distances:?}");
        // Physically turned pixels sit 0–18 bits from the derived hash (as for dih/ below): a match.
        assert!(distances[best] <= 31, "{image}: {distances:?}");
    }
}

#[test]
fn physically_rotated_files_match_the_original_through_dihedral_hashes() {
    let Some(dir) = vectors_dir() else { return };
    let original = stored_hashes(&dir, "reg-test-input/dih/bridge-1-original.jpg");
    let files = [
        ("bridge-2-rotate-90.jpg", Dihedral::Rot90),
        ("bridge-3-rotate-180.jpg", Dihedral::Rot180),
        ("bridge-4-rotate-270.jpg", Dihedral::Rot270),
        ("bridge-5-flipx.jpg", Dihedral::FlipX),
        ("bridge-6-flipy.jpg", Dihedral::FlipY),
        ("bridge-7-flip-plus-1.jpg", Dihedral::FlipPlus1),
        ("bridge-8-flip-minus-1.jpg", Dihedral::FlipMinus1),
    ];
    for (file, symmetry) in files {
        let bytes = std::fs::read(dir.join("images/reg-test-input/dih").join(file)).unwrap();
        let got = hash_image(&bytes, &STORED).unwrap();
        let distance = got.pdq.hash.distance(&original[symmetry as usize]);
        let plain = got.pdq.hash.distance(&original[0]);
        println!(
            "{file}: {distance} bits from the original's {} hash ({plain} from its plain hash)",
            symmetry.code()
        );
        assert!(distance <= 31, "{file}: {distance}");
        assert!(plain > 31, "{file}: a rotated copy should not match the plain hash ({plain})");
    }
}
