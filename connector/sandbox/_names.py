"""Word lists that make demo records look like a real CRM: people, companies, titles.

Private to :mod:`connector.sandbox`. The lists are tuples so that the random
generator can index them with numpy arrays (through object arrays).
"""

from __future__ import annotations

from connector.model import Role

__all__ = [
    "COMPANY_FORMS",
    "COMPANY_HEADS",
    "COMPANY_TRADES",
    "COMPETITOR_NOTES",
    "DEMO_COMPETITORS",
    "FIRST_NAMES",
    "LAST_NAMES",
    "NOTE_TEXTS",
    "TASK_SUBJECTS",
    "THREAD_TOPICS",
    "TITLES",
]

DEMO_COMPETITORS: tuple[str, ...] = ("Globex", "Initech", "Umbrella CRM", "Hooli", "Vandelay Sales")
"""Competitor names that demo notes and meetings mention (configure them as
``signals.competitor_names`` to let the demo's name-only mentions count)."""

FIRST_NAMES = (
    "Aisha",
    "Alex",
    "Amara",
    "Andrea",
    "Anika",
    "Arjun",
    "Beatriz",
    "Ben",
    "Carla",
    "Chen",
    "Chloe",
    "Daniel",
    "David",
    "Diego",
    "Elena",
    "Emeka",
    "Emma",
    "Ethan",
    "Fatima",
    "Felix",
    "Grace",
    "Hana",
    "Hannah",
    "Hugo",
    "Ines",
    "Isaac",
    "Ivan",
    "Jade",
    "James",
    "Javier",
    "Jin",
    "Julia",
    "Kai",
    "Karim",
    "Kenji",
    "Laura",
    "Leila",
    "Leon",
    "Lucas",
    "Lucia",
    "Maya",
    "Mateo",
    "Mei",
    "Mia",
    "Mohammed",
    "Nadia",
    "Nikolai",
    "Noah",
    "Nora",
    "Olivia",
    "Omar",
    "Oscar",
    "Paula",
    "Priya",
    "Rafael",
    "Rania",
    "Ravi",
    "Rosa",
    "Ruth",
    "Sakura",
    "Samuel",
    "Sara",
    "Sean",
    "Sofia",
    "Sophie",
    "Tariq",
    "Theo",
    "Tomas",
    "Uma",
    "Valentina",
    "Victor",
    "Wei",
    "William",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoe",
    "Marcus",
    "Ingrid",
    "Kofi",
)

LAST_NAMES = (
    "Adams", "Ahmed", "Alvarez", "Andersson", "Bakker", "Banerjee", "Becker", "Bianchi",
    "Brown", "Castro", "Chen", "Clarke", "Costa", "Dubois", "Dunn", "Eriksen", "Evans",
    "Fischer", "Fontaine", "Garcia", "Gomez", "Gupta", "Hansen", "Hartmann", "Hughes",
    "Ibrahim", "Ito", "Jansen", "Jones", "Kaur", "Kim", "Kowalski", "Kumar", "Larsen", "Lee",
    "Lopez", "Martin", "Mensah", "Meyer", "Moreau", "Morris", "Murphy", "Nakamura", "Nguyen",
    "Novak", "Okafor", "Olsen", "Park", "Patel", "Perez", "Petrov", "Ramos", "Reyes", "Rossi",
    "Russo", "Santos", "Sato", "Schmidt", "Shah", "Silva", "Singh", "Smith", "Sousa", "Suzuki",
    "Tanaka", "Taylor", "Thomas", "Torres", "Vargas", "Wagner", "Walker", "Wang", "Weber",
    "Wilson", "Wong", "Yamamoto", "Young", "Zhang", "Ziegler", "Zimmermann",
)  # fmt: skip

COMPANY_HEADS = (
    "Acorn", "Alder", "Apex", "Arbor", "Atlas", "Aurora", "Beacon", "Birch", "Blue Harbor",
    "Bluestone", "Brightline", "Cascade", "Cedar", "Clearwater", "Cobalt", "Compass", "Coral",
    "Crescent", "Crown", "Delta", "Eastwind", "Ember", "Evergreen", "Falcon", "Fernhill",
    "Firefly", "Foxglove", "Glacier", "Golden Gate", "Granite", "Greenleaf", "Harbor", "Hawthorn",
    "Highland", "Horizon", "Ironwood", "Juniper", "Keystone", "Lakeside", "Lantern", "Laurel",
    "Lighthouse", "Linden", "Maple", "Meadow", "Meridian", "Millstone", "Nimbus", "North Star",
    "Oakridge", "Orchard", "Pacific", "Pinnacle", "Pioneer", "Prairie", "Quarry", "Redwood",
    "Ridgeline", "Riverbend", "Rockwell", "Saffron", "Sagebrush", "Sapphire", "Silverline",
    "Skyline", "Southport", "Spruce", "Starling", "Stonegate", "Summit", "Sunrise", "Tamarack",
    "Thistle", "Timberline", "Trident", "Twin Rivers", "Union", "Valley", "Vanguard", "Westfield",
    "Willow", "Windmill", "Zenith",
)  # fmt: skip

COMPANY_TRADES = (
    "Analytics", "Apparel", "Architects", "Bakery", "Biotech", "Brewing", "Builders", "Capital",
    "Clinics", "Consulting", "Dental", "Design", "Energy", "Engineering", "Farms", "Fitness",
    "Foods", "Freight", "Health", "Hospitality", "Imaging", "Insurance", "Labs", "Legal",
    "Logistics", "Machining", "Manufacturing", "Marine", "Media", "Medical", "Metals", "Mining",
    "Motors", "Networks", "Outfitters", "Packaging", "Pharma", "Plastics", "Properties",
    "Publishing", "Realty", "Recycling", "Robotics", "Security", "Software", "Solar", "Supply",
    "Systems", "Textiles", "Travel",
)  # fmt: skip

COMPANY_FORMS = ("Inc.", "LLC", "Ltd", "GmbH", "Group", "Co.", "Partners", "AG", "S.A.", "")

TITLES: dict[Role, tuple[str, ...]] = {
    Role.DECISION_MAKER: (
        "CEO", "CFO", "COO", "CTO", "Managing Director", "Founder", "VP Sales", "VP Operations",
        "General Manager", "President",
    ),
    Role.APPROVER: (
        "Head of Procurement", "Finance Director", "Controller", "Purchasing Manager",
        "Director of IT", "Legal Counsel", "Budget Owner",
    ),
    Role.INFLUENCER: (
        "Head of Operations", "IT Manager", "Sales Manager", "Project Lead", "Senior Engineer",
        "Product Manager", "Marketing Director", "Team Lead",
    ),
    Role.USER: (
        "Analyst", "Engineer", "Sales Representative", "Account Coordinator", "Specialist",
        "Support Agent", "Office Manager", "Consultant", "Technician", "Planner",
    ),
    Role.UNKNOWN: (
        "Manager", "Assistant", "Coordinator", "Director", "Associate", "Administrator",
        "Executive Assistant", "Intern",
    ),
}  # fmt: skip

THREAD_TOPICS = (
    "Renewal timeline", "Pricing proposal", "Onboarding plan", "Quarterly business review",
    "Support ticket follow-up", "Contract questions", "Expansion options", "Training schedule",
    "Invoice query", "Integration status", "Feature request", "Security questionnaire",
    "Roadmap preview", "Usage report", "Meeting recap",
)  # fmt: skip

TASK_SUBJECTS = (
    "Send proposal", "Follow up on pricing", "Prepare QBR deck", "Book onboarding session",
    "Share case study", "Check renewal terms", "Update account plan", "Send meeting notes",
)  # fmt: skip

NOTE_TEXTS = (
    "Customer happy with the last release; asked about the roadmap.",
    "Discussed adoption in the regional teams; usage is growing.",
    "Budget for next year not confirmed yet.",
    "Open support issue slows their rollout; escalated internally.",
    "Champion moved to a new role; need to rebuild the relationship.",
    "Walked them through the new reporting module.",
    "They want a price review before the renewal.",
    "Positive feedback on the onboarding; references possible.",
)

# Notes naming a competitor: the first ones name it only (they count once the
# names are configured), the others also use a phrase the default settings
# recognise ("alternative vendor", "RFP", ...).
COMPETITOR_NOTES = (
    "They compared our pricing with {c}.",
    "Their new IT lead used {c} at a previous company.",
    "{c} pitched them as an alternative vendor last week.",
    "Procurement is preparing an RFP; {c} is invited.",
    "They are considering switching to {c} for the next contract.",
)
