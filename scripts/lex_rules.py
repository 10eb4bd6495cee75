# Generates rules/fr/lexicon.toml (broad lexical cues per category). Run: python3 scripts/lex_rules.py
lex = {
 "control_coercion": ("CONTROL", ["menace", "menaces", "menacee", "menacait", "menacaient", "menacer", "obligee", "obligees", "forcee", "forcees", "contrainte", "contraintes", "emprise", "violence", "violences", "violent", "frappait", "frappaient", "sequestree", "enfermee", "esclave", "terrorisee", "soumise", "surveillee", "quota", "quotas", "pas le choix", "j'avais peur", "elle avait peur", "peur de lui", "peur d'eux"]),
 "gifts_money": ("GIFT", ["cadeau", "cadeaux", "argent facile", "thune", "thunes", "fric", "m'offrait", "lui offrait", "il payait", "vetements de marque", "sac de marque", "sacs", "iphone", "shopping", "luxe", "la belle vie", "beaucoup d'argent"]),
 "self_normalisation": ("SELF", ["c'est mon choix", "mon choix", "je suis libre", "independante", "je gagnais", "je gagne bien", "le luxe", "un metier", "un travail comme un autre", "c'est mon travail", "c'est mon taf", "je faisais de l'argent", "on fait de l'argent", "je le fais", "je le faisais", "je me suis habituee", "on s'amuse", "je me sacrifie", "je me suis sacrifiee", "pour survivre", "pour manger", "pour payer"]),
 "meeting_arrangement": ("MEET", ["rencontrer", "se rencontrer", "se voir", "on se voit", "se retrouver", "venir me chercher", "venir la chercher"]),
 "pimping_offer": ("PIMP", ["prostituer", "prostitution", "me prostituer", "la prostituer", "tapin", "trottoir", "faire des passes", "des passes", "travailler pour lui", "travailler pour eux", "pourcentage", "la moitie", "escort", "escorte"]),
 "trust_resource": ("TRUST", ["amoureux", "amoureuse", "petit ami", "petit copain", "mon copain", "me proteger", "la proteger", "il m'aimait", "il l'aimait", "il me comprenait", "grand frere", "comme une soeur", "ma famille"]),
 "logistics_travel_lodging": ("LOGIS", ["hotel", "hotels", "airbnb", "appartement", "appartements", "voyage", "train", "billet", "logee", "logees", "transport", "deplacement", "de ville en ville", "autre ville", "a l'etranger", "en europe", "en france"]),
 "peer_recruitment": ("PEER", ["une amie", "ma cousine", "une fille", "une connaissance", "presentee", "m'a presente", "recrutee par", "une dame", "madame"]),
 "buyer_solicitation": ("BUYER", ["combien", "ton prix", "ton tarif", "je paie", "je paye", "payer pour", "cherche une", "recherche une", "acheter"]),
 "vulnerability_probe": ("VULN", ["fugue", "fugueuse", "foyer", "isolee", "deprimee", "mal etre", "a la rue", "dans la rue", "sans domicile", "pauvre", "pauvrete", "precarite"]),
}
out=["# Broad lexical cues (issue 11): single words and short forms of each category, at a weight of 0.02 (they name a category, they barely move the risk), only near",
"# a first- or second-person word (what someone says to or about themselves, not news).",
"# They find the category on text no rule was written from (accounts, paraphrase) and stay below",
"# `low` alone; reported speech cites them. Generated from scripts/lex_rules.py — edit that file.",""]
for cat,(code,terms) in lex.items():
    out.append('[[rule]]'); out.append(f'code = "LEX-{code}-01"'); out.append(f'category = "{cat}"'); out.append('lang = "fr"'); out.append('weight = 0.02'); out.append('tag = "I"'); out.append('source = "EVAL-FR"')
    out.append('patterns = [' + ', '.join('"%s"'%t for t in terms) + ']')
    out.append(f'reason_fr = "Mot du champ de la catégorie « {cat} » : indice faible, utile avec d\'autres."')
    out.append(f'reason_en = "A word of the \\"{cat}\\" category: a weak cue, useful with others."')
    out.append('[rule.near]'); out.append('terms = ["je", "j\'", "me", "m\'", "moi", "tu", "t\'", "te", "toi", "mon", "ma", "mes", "ton", "ta", "tes", "nous", "on", "vous"]'); out.append('within = 5')
    out.append('[rule.unless_near]'); out.append('terms = ["film", "serie", "jeu", "match", "livre", "episode", "article", "reportage", "documentaire"]'); out.append('within = 6')
    out.append('[rule.examples]'); out.append(f'matches = ["je te le dis : {terms[0]}"]'); out.append(f'no_match = ["le rapport parle de {terms[0]} dans le film"]'); out.append('')
open(__import__('pathlib').Path(__file__).resolve().parent.parent/'rules/fr/lexicon.toml','w').write('\n'.join(out))
