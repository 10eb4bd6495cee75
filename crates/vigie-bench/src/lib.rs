//! Seeded synthetic corpora for Vigie's benchmarks and scale tests.
//!
//! The corpus mixes everyday French chat (the large majority) with recruitment manoeuvres
//! written with the obfuscations of `indicators.md` (leetspeak, spaced letters, SMS spelling,
//! emojis, number words). It contains no explicit content. The same seed always gives the same
//! corpus, so benchmark results can be compared across runs and machines.
#![deny(missing_docs)]

pub mod ads;

/// A small, fast, seeded generator (SplitMix64). Written here because benchmarks need a stream
/// that never changes across dependency upgrades, which `rand`'s `StdRng` does not promise.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One item of a slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const OPENERS: &[&str] =
    &["salut", "cc", "wsh", "coucou", "hey", "yo", "bonjour", "slt", "re", "ptdr", "mdr", "bon"];

const BENIGN: &[&str] = &[
    "t'as fait le devoir de maths pour demain ?",
    "on se retrouve devant le lycée à 8h",
    "le prof d'histoire a encore oublié nos copies",
    "j'ai trop faim on va au kebab après les cours",
    "tu viens au match de foot samedi ?",
    "ma mère veut pas que je sorte ce soir",
    "le pack FIFA est en promo sur le store",
    "bon plan -50% sur les baskets ce week-end",
    "on part en voyage scolaire en train lundi, l'hôtel a l'air bien",
    "t'as vu la dernière vidéo de ce youtubeur ?",
    "elle est trop michto avec ses nouvelles lunettes",
    "je suis dégoûté on a perdu le match",
    "tu peux m'envoyer le cours de physique stp",
    "la photo de classe est trop drôle",
    "on se capte sur snap ce soir pour le projet",
    "mon frère m'a piqué mon chargeur encore",
    "la box internet marche plus, le pack fibre c'est de l'arnaque",
    "j'ai eu 15 au contrôle de français",
    "il fait trop froid pour aller à la plage",
    "tu regardes quoi comme série en ce moment ?",
    "on commande une pizza moitié-moitié ?",
    "rdv à la gare à 14h pour aller au ciné",
    "si quelqu'un te propose un pack, parles-en à un adulte ou appelle le 3018",
    "la brigade des mineurs a démantelé un réseau de proxénétisme à Lyon",
];

const RISKY: &[&str] = &[
    "t'es trop belle, t'as quel âge ?",
    "jsuis là pour toi, personne te comprend comme moi",
    "t'es seule chez toi là ? tes parents regardent ton tel ?",
    "efface nos messages c'est notre secret",
    "viens on parle sur s n a p c'est plus tranquille 👻",
    "jte fais un p@ck, je m'occupe de tout : train, airbnb, annonces",
    "tu gagnes 1500 par jour, moitié-moitié, t'as rien à faire",
    "envoie des photos pour l'annonce, et tes mensurations",
    "si tu paies pas j'envoie tes photos à tout le collège",
    "une copine à moi fait des dates, c'est de l'argent facile",
    "j'ai quinze ans et je suis en 3e",
    "je t'offre un iphone, tu me devras bien un service",
    "je viens te chercher en bas de chez toi, dis à ta mère que tu dors chez une amie",
    "nouvelle en ville, petite jeune dispo 7/7, zéro six douze trente-quatre",
    "tu prends combien ? discrétion assurée, ton âge me dérange pas",
];

const CLOSERS: &[&str] =
    &["", "", "", " mdr", " ptdr", " 😂", " stp", " !!", " ?", " 🙏", " tkt", " wesh"];

/// One synthetic message; about `risky_per_mille` in a thousand carry a risky fragment.
pub fn message(rng: &mut SplitMix64, risky_per_mille: usize) -> String {
    let body = if rng.below(1000) < risky_per_mille { rng.pick(RISKY) } else { rng.pick(BENIGN) };
    let mut s = String::with_capacity(96);
    s.push_str(rng.pick(OPENERS));
    s.push(' ');
    s.push_str(body);
    s.push_str(rng.pick(CLOSERS));
    s
}

/// `n` messages from `seed`, 10 % of them risky.
pub fn corpus(seed: u64, n: usize) -> Vec<String> {
    let mut rng = SplitMix64::new(seed);
    (0..n).map(|_| message(&mut rng, 100)).collect()
}

/// The corpus as documents, with their index as id (what the benchmarks feed the engine).
pub fn documents(corpus: &[String]) -> Vec<vigie_model::Document> {
    corpus
        .iter()
        .enumerate()
        .map(|(i, t)| vigie_model::Document {
            id: i.to_string(),
            text: t.clone(),
            ..vigie_model::Document::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus() {
        assert_eq!(corpus(7, 100), corpus(7, 100));
        assert_ne!(corpus(7, 100), corpus(8, 100));
        let risky =
            corpus(7, 10_000).iter().filter(|m| RISKY.iter().any(|r| m.contains(r))).count();
        assert!((800..1200).contains(&risky), "{risky}");
    }
}
