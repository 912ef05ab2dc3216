"""What the demo world is made of: organisations, projects, staff and the weights behind the people.

Kept as plain data, apart from the code that draws from it, so the demo can be read and
changed without touching the generator. Weights are relative (they need not add up to 100).
The names are common first names and surnames in the language groups the projects meet; no
row is written by hand, every participant is drawn from these lists.
"""

from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "stegvis-demo-2026"

# (code, name, kind, municipality for the people it registers, prefix for its own references)
ORGANIZATIONS = [
    ("kungsbacka", "Kungsbacka kommun", "kommun", "Kungsbacka", "KBA"),
    ("molndal", "Mölndals stad", "kommun", "Mölndal", "MDL"),
    ("vaxjo", "Växjö kommun", "kommun", "Växjö", "VXO"),
    ("alvesta", "Alvesta kommun", "kommun", "Alvesta", "ALV"),
    ("ljungby", "Ljungby kommun", "kommun", "Ljungby", "LJB"),
    ("skovde", "Skövde kommun", "kommun", "Skövde", "SKV"),
    ("af", "Arbetsförmedlingen", "af", "", "AF"),
    ("fk", "Försäkringskassan", "fk", "", "FK"),
    ("sf-varend", "Samordningsförbundet Värend", "samordningsforbund", "", "SFV"),
    ("kronobergs-fhsk", "Kronobergs folkhögskola", "folkhogskola", "", "KFH"),
]

# Where state agencies' participants live, per project (they have no municipality of their own).
AGENCY_MUNICIPALITIES = {
    "spik": ["Växjö", "Växjö", "Alvesta", "Ljungby"],
    "vagen-framat": ["Skövde"],
}

# Project periods are relative to the day the generator runs, so the demo always has people who
# are enrolled now and people who left: ``start_months`` before today's month, ending at the end
# of the month ``end_months`` after it (or of that year with ``end_of_year``).
PROJECTS = [
    {
        "code": "helhetslyftet",
        "name": "Helhetslyftet",
        "owner": "kungsbacka",
        "partners": ["molndal"],
        "funder": "amif",
        "start_months": 26,
        "end_months": 1,
        "end_of_year": True,
        "weight": 30,
        # Which organisations enrol, with weights.
        "enrolling": {"kungsbacka": 65, "molndal": 35},
        "need_groups": {
            "nyanlända med kort utbildning": 50,
            "utbildningsplikt": 30,
            "föräldralediga nyanlända": 20,
        },
        "women": 0.55,
        "languages": {"sv": 8, "ar": 35, "prs": 22, "so": 15, "ti": 12, "sw": 8},
        "interpreter": 0.75,
        "referrers": {"af": 45, "forsorjningsstod": 30, "socialtjanst": 8, "egenremiss": 10, "vard": 4, "annan": 3},
    },
    {
        "code": "spik",
        "name": "SPiK",
        "owner": "vaxjo",
        "partners": ["alvesta", "ljungby", "af", "fk", "sf-varend", "kronobergs-fhsk"],
        "funder": "esf",
        "start_months": 25,
        "end_months": 7,
        "end_of_year": False,
        "weight": 50,
        "enrolling": {"vaxjo": 45, "alvesta": 15, "ljungby": 15, "af": 15, "fk": 10},
        "need_groups": {
            "sammansatt problematik": 45,
            "långtidsarbetslösa": 40,
            "unga utanför arbete och studier": 15,
        },
        "women": 0.42,
        "languages": {"sv": 55, "ar": 15, "so": 10, "prs": 8, "ti": 7, "sw": 5},
        "interpreter": 0.55,
        "referrers": {"af": 30, "fk": 25, "forsorjningsstod": 25, "socialtjanst": 8, "vard": 7, "egenremiss": 5},
    },
    {
        "code": "vagen-framat",
        "name": "Vägen framåt",
        "owner": "skovde",
        "partners": ["af", "fk"],
        "funder": "finsam",
        "start_months": 22,
        "end_months": 13,
        "end_of_year": False,
        "weight": 20,
        "enrolling": {"skovde": 80, "af": 10, "fk": 10},
        "need_groups": {
            "psykisk ohälsa": 45,
            "långtidssjukskrivna": 30,
            "unga med aktivitetsersättning": 25,
        },
        "women": 0.40,
        "languages": {"sv": 65, "ar": 12, "so": 8, "prs": 7, "ti": 5, "sw": 3},
        "interpreter": 0.5,
        "referrers": {"fk": 30, "af": 25, "forsorjningsstod": 20, "vard": 15, "egenremiss": 10},
    },
]

# Staff. ``login`` users are the ones ``demo-logins`` presents first; the others are colleagues
# who share the caseload, so coordinator changes happen between real people of the same office.
# role: (role, organisation code or None, project code or None)
USERS = [
    {"username": "admin", "first_name": "Karin", "last_name": "Holmberg", "login": True,
     "roles": [("administrator", None, None)],
     "sees": _("Allt: alla projekt, deltagare, rapporter och granskningsloggen.")},
    {"username": "projektledare", "first_name": "Johan", "last_name": "Ekström", "login": True,
     "roles": [("project_leader", None, "helhetslyftet")],
     "sees": _("Helhetslyftet: alla deltagare (Kungsbacka och Mölndal) och projektets rapporter.")},
    {"username": "projektledare.spik", "first_name": "Eva", "last_name": "Sandberg", "login": True,
     "roles": [("project_leader", None, "spik")],
     "sees": _("SPiK: alla deltagare från alla samverkansparter och projektets rapporter.")},
    {"username": "koordinator", "first_name": "Sara", "last_name": "Nilsson", "login": True,
     "roles": [("coordinator", "kungsbacka", "helhetslyftet")],
     "sees": _("Kungsbackas deltagare i Helhetslyftet; egen ärendelista.")},
    {"username": "koordinator.molndal", "first_name": "Lina", "last_name": "Berg", "login": True,
     "roles": [("coordinator", "molndal", "helhetslyftet")],
     "sees": _("Mölndals deltagare i Helhetslyftet, inte Kungsbackas.")},
    {"username": "koordinator.vaxjo", "first_name": "Mikael", "last_name": "Johansson", "login": True,
     "roles": [("coordinator", "vaxjo", None)],
     "sees": _("Växjös deltagare i alla projekt där Växjö är med (SPiK).")},
    {"username": "koordinator.skovde", "first_name": "Hanna", "last_name": "Lindgren", "login": True,
     "roles": [("coordinator", "skovde", "vagen-framat")],
     "sees": _("Skövdes deltagare i Vägen framåt.")},
    {"username": "utvardare", "first_name": "Anders", "last_name": "Wikström", "login": True,
     "roles": [("evaluator", None, "helhetslyftet")],
     "sees": _("Helhetslyftets rapporter och sammanställningar, aldrig enskilda deltagare.")},
    # Colleagues (same password).
    {"username": "handlaggare.kungsbacka", "first_name": "Emma", "last_name": "Lundqvist",
     "roles": [("coordinator", "kungsbacka", "helhetslyftet")], "sees": _("Som koordinator.")},
    {"username": "handlaggare.molndal", "first_name": "Oskar", "last_name": "Forsberg",
     "roles": [("coordinator", "molndal", "helhetslyftet")], "sees": _("Som koordinator.molndal.")},
    {"username": "handlaggare.vaxjo", "first_name": "Johanna", "last_name": "Eklund",
     "roles": [("coordinator", "vaxjo", None)], "sees": _("Som koordinator.vaxjo.")},
    {"username": "koordinator.alvesta", "first_name": "Peter", "last_name": "Sjöberg",
     "roles": [("coordinator", "alvesta", "spik")], "sees": _("Alvestas deltagare i SPiK.")},
    {"username": "koordinator.ljungby", "first_name": "Malin", "last_name": "Bergström",
     "roles": [("coordinator", "ljungby", "spik")], "sees": _("Ljungbys deltagare i SPiK.")},
    {"username": "handlaggare.af", "first_name": "Niklas", "last_name": "Wallin",
     "roles": [("coordinator", "af", None)], "sees": _("Arbetsförmedlingens deltagare i SPiK och Vägen framåt.")},
    {"username": "handlaggare.fk", "first_name": "Therese", "last_name": "Nyström",
     "roles": [("coordinator", "fk", None)], "sees": _("Försäkringskassans deltagare i SPiK och Vägen framåt.")},
    {"username": "handlaggare.skovde", "first_name": "Viktor", "last_name": "Engström",
     "roles": [("coordinator", "skovde", "vagen-framat")], "sees": _("Som koordinator.skovde.")},
]

# Who coordinates an organisation's enrolments in a project, with weights (the login user most).
COORDINATORS = {
    ("helhetslyftet", "kungsbacka"): {"koordinator": 60, "handlaggare.kungsbacka": 40},
    ("helhetslyftet", "molndal"): {"koordinator.molndal": 60, "handlaggare.molndal": 40},
    ("spik", "vaxjo"): {"koordinator.vaxjo": 55, "handlaggare.vaxjo": 45},
    ("spik", "alvesta"): {"koordinator.alvesta": 100},
    ("spik", "ljungby"): {"koordinator.ljungby": 100},
    ("spik", "af"): {"handlaggare.af": 100},
    ("spik", "fk"): {"handlaggare.fk": 100},
    ("vagen-framat", "skovde"): {"koordinator.skovde": 60, "handlaggare.skovde": 40},
    ("vagen-framat", "af"): {"handlaggare.af": 100},
    ("vagen-framat", "fk"): {"handlaggare.fk": 100},
}

# Age at first enrolment: (from, to inclusive, weight). Shaped like the SPiK figures.
AGE_BANDS = [(18, 19, 4), (20, 24, 15), (25, 29, 17), (30, 39, 22), (40, 49, 18), (50, 59, 19), (60, 64, 5)]

# Education (ISCED level or None for unknown), for people with Swedish as their language and for others.
EDUCATION_SV = {None: 4, 2: 25, 3: 45, 4: 8, 5: 10, 6: 8}
EDUCATION_OTHER = {None: 6, 0: 18, 1: 15, 2: 22, 3: 18, 4: 3, 5: 6, 6: 9, 7: 3}

CONTACT_PREFERENCES = {"sms": 45, "phone": 30, "email": 12, "relative": 8, "guardian": 5}

INTAKE_CHANNELS = {"remiss": 85, "oppet_intag": 8, "uppsokande": 7}

EXIT_REASONS = {
    "arbete": 20, "studier": 10, "arbetsmarknadsutbildning": 6, "annan_insats": 12, "arbetsformedlingen": 5,
    "flytt": 8, "sjukdom_vard": 10, "foraldraledighet": 3, "ingen_kontakt": 12, "avbrott": 8, "annat": 6,
}

# Income source at start, by referrer.
INCOME_BY_REFERRER = {
    "af": {"aktivitetsstod": 55, "arbetsloshetsersattning": 20, "etableringsersattning": 20, "ingen_offentlig": 5},
    "fk": {"sjukpenning": 45, "aktivitetsersattning": 25, "sjukersattning": 25, "forsorjningsstod": 5},
    "forsorjningsstod": {"forsorjningsstod": 90, "aktivitetsstod": 10},
    "socialtjanst": {"forsorjningsstod": 75, "ingen_offentlig": 15, "okand": 10},
    "kaa": {"ingen_offentlig": 70, "aktivitetsstod": 20, "studiemedel": 10},
    "vard": {"sjukpenning": 40, "forsorjningsstod": 35, "sjukersattning": 15, "okand": 10},
    "egenremiss": {"forsorjningsstod": 35, "ingen_offentlig": 25, "aktivitetsstod": 20, "lon": 10, "okand": 10},
    "annan": {"forsorjningsstod": 50, "okand": 50},
}

OCCUPATION_START = {"ingen": 50, "arbetssokande": 35, "studier": 10, "arbete": 5}

# Status at exit by reason: (income source, occupation, work extents to choose from or None).
STATUS_AT_EXIT = {
    "arbete": ({"lon": 100}, "arbete", [50, 75, 100, 100]),
    "studier": ({"studiemedel": 85, "forsorjningsstod": 15}, "studier", None),
    "arbetsmarknadsutbildning": ({"aktivitetsstod": 100}, "studier", None),
    "annan_insats": (None, "arbetssokande", None),
    "arbetsformedlingen": ({"aktivitetsstod": 70, "arbetsloshetsersattning": 30}, "arbetssokande", None),
    "sjukdom_vard": ({"sjukpenning": 70, "sjukersattning": 30}, "ingen", None),
    "foraldraledighet": ({"ingen_offentlig": 100}, "ingen", None),
    "avbrott": (None, "ingen", None),
    "annat": (None, "ingen", None),
    "flytt": ({"okand": 100}, "", None),
    "ingen_kontakt": ({"okand": 100}, "", None),
}

# Reasons after which some people come back to the same project later.
RE_ENROL_AFTER = {"ingen_kontakt", "avbrott", "sjukdom_vard", "foraldraledighet", "annan_insats"}

# Mobile numbers set aside by the Swedish Post and Telecom Authority for use in fiction.
FICTION_PHONE_FIRST, FICTION_PHONE_LAST = 1740605, 1740699

NAMES = {
    "sv": {
        "K": ["Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kristina", "Elin", "Johanna", "Linnea",
              "Sofia", "Hanna", "Ida", "Malin", "Camilla", "Jenny", "Therese", "Frida", "Maja", "Ebba", "Wilma",
              "Matilda", "Ingrid", "Birgitta", "Susanne", "Annika", "Helena", "Louise", "Moa", "Julia", "Amanda",
              "Josefin", "Petra", "Marie", "Ulrika", "Agneta", "Cecilia", "Nathalie", "Lisa"],
        "M": ["Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Mikael", "Jonas", "Fredrik", "Mattias", "Daniel",
              "Henrik", "Andreas", "Peter", "Magnus", "Niklas", "Stefan", "Marcus", "Oskar", "Viktor", "Emil",
              "Simon", "Filip", "Jesper", "Tobias", "Robin", "Kevin", "Linus", "Gustav", "Axel", "Hampus",
              "Rasmus", "Sebastian", "Patrik", "Joakim", "Ulf", "Bengt", "Håkan", "Tommy", "Kent"],
        "last": ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
                 "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
                 "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg",
                 "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
                 "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund",
                 "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström",
                 "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson",
                 "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson"],
    },
    "ar": {
        "K": ["Fatima", "Amina", "Mariam", "Nour", "Rana", "Hala", "Layla", "Zainab", "Yasmin", "Huda", "Samira",
              "Rasha", "Dalia", "Lina", "Reem", "Aya", "Salma", "Ghada", "Nadia", "Hiba", "Farah", "Rawan"],
        "M": ["Mohammed", "Ahmad", "Ali", "Omar", "Hassan", "Hussein", "Khaled", "Mahmoud", "Yousef", "Ibrahim",
              "Mustafa", "Abdullah", "Karim", "Sami", "Tariq", "Bilal", "Firas", "Ziad", "Adnan", "Walid",
              "Jamal", "Rami"],
        "last": ["Al-Hassan", "Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Hamdan", "Abbas", "Darwish",
                 "Ibrahim", "Mahmoud", "Yousef", "Al-Ali", "Al-Jaber", "Hamoud", "Shamoun", "Aziz", "Othman",
                 "Kassem", "Rahman", "Sabbagh", "Habib"],
    },
    "prs": {
        "K": ["Zahra", "Fariba", "Mursal", "Shabnam", "Parwana", "Nargis", "Maryam", "Freshta", "Nilofar",
              "Shukria", "Soraya", "Madina", "Hosai", "Laila", "Roya"],
        "M": ["Ahmad", "Mohammad", "Ali", "Hamid", "Jawad", "Farid", "Rahim", "Nasir", "Sayed", "Mustafa",
              "Hussain", "Mahdi", "Reza", "Wahid", "Javid", "Omid"],
        "last": ["Ahmadi", "Hosseini", "Rahimi", "Mohammadi", "Karimi", "Sultani", "Noori", "Haidari", "Rezaei",
                 "Jafari", "Sadat", "Amiri", "Nazari", "Hakimi", "Azizi", "Stanikzai", "Popal", "Wardak"],
    },
    "so": {
        "K": ["Hodan", "Fadumo", "Sahra", "Hawa", "Asha", "Ifrah", "Ayan", "Deeqa", "Nimco", "Hibo", "Sagal",
              "Ubah", "Khadija", "Muna", "Istahil"],
        "M": ["Abdi", "Abdirahman", "Mohamed", "Ahmed", "Hassan", "Mahad", "Abdullahi", "Farah", "Yusuf", "Said",
              "Liban", "Warsame", "Guled", "Omar", "Ismail"],
        "last": ["Abdi", "Ali", "Hassan", "Mohamed", "Farah", "Warsame", "Jama", "Osman", "Hersi", "Aden", "Elmi",
                 "Nur", "Dahir", "Guled", "Mohamud", "Abdullahi", "Yusuf", "Ismail"],
    },
    "ti": {
        "K": ["Senait", "Helen", "Selam", "Rahel", "Tsega", "Lidia", "Semhar", "Feven", "Saba", "Yordanos",
              "Winta", "Mebrat", "Aster", "Ruta"],
        "M": ["Yonas", "Samuel", "Daniel", "Tesfay", "Kidane", "Filmon", "Biniam", "Mussie", "Habtom", "Dawit",
              "Yohannes", "Tekle", "Amanuel", "Robel"],
        "last": ["Tesfay", "Gebremedhin", "Kidane", "Haile", "Berhane", "Tekle", "Ghebrehiwet", "Asmerom",
                 "Woldu", "Mehari", "Habte", "Yemane", "Andemariam", "Solomon", "Negash"],
    },
    "sw": {
        "K": ["Amani", "Neema", "Zawadi", "Rehema", "Halima", "Mwajuma", "Upendo", "Faraja", "Imani", "Aisha",
              "Furaha", "Tumaini"],
        "M": ["Juma", "Baraka", "Hamisi", "Omari", "Rashidi", "Salim", "Bakari", "Kassim", "Musa", "Jabari",
              "Hamza", "Athumani"],
        "last": ["Mwangi", "Juma", "Hamisi", "Omari", "Mbwana", "Salim", "Mohamedi", "Bakari", "Kombo",
                 "Rashidi", "Mussa", "Shabani", "Mfaume", "Kiprono"],
    },
}

# Email addresses only at the documentation domains that can never reach anyone.
EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]
