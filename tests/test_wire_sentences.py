"""Short wire-style sentences written for this test (none taken from an article), each with the
relations a reader takes from it, at country level. They exercise the parse over constructions
the development articles have few of: hosting, taking delivery, approvals, coordinated modifiers."""
import pytest

from seccoop.ingest.extract import Extractor
from seccoop.models import Document

SYMMETRIC = {"AGREEMENT", "MEETING", "JOINT_OPERATION", "INTELLIGENCE_SHARING"}
WIRE = [
 ("Pakistan's army chief General Asim Munir arrived in Beijing on a four-day official visit.", {("VISIT","PAK","CHN")}),
 ("The Pentagon said it would send 300 Marines to train Honduran police units.", {("TRAINING","USA","HND")}),
 ("Egypt took delivery of the first two Rafale jets from France on Tuesday.", {("ARMS_SALE","FRA","EGY")}),
 ("Vietnamese and Indian coast guards conducted a joint search-and-rescue drill off Da Nang.", {("JOINT_OPERATION","IND","VNM")}),
 ("Kenya will receive $40 million in counterterrorism assistance from Washington, the U.S. embassy said.", {("AID","USA","KEN")}),
 ("Indonesian President Joko Widodo hosted Australian Prime Minister Anthony Albanese at the Bogor palace.", {("VISIT","AUS","IDN"),("MEETING","AUS","IDN")}),
 ("Brazil and Argentina signed a memorandum of understanding on nuclear cooperation.", {("AGREEMENT","ARG","BRA")}),
 ("Ghana's defence minister held talks with his Nigerian counterpart in Abuja on border security.", {("MEETING","GHA","NGA"),("VISIT","GHA","NGA")}),
 ("Israel agreed to share satellite imagery with Azerbaijan, officials said.", {("INTELLIGENCE_SHARING","AZE","ISR")}),
 ("Turkey has sold more than 100 Bayraktar drones to Poland and Ukraine since 2020.", {("ARMS_SALE","TUR","POL"),("ARMS_SALE","TUR","UKR")}),
 ("Japan will provide radar systems to the Philippines under its Official Security Assistance program.", {("AID","JPN","PHL")}),
 ("Chinese and Russian warships held joint patrols in the Sea of Japan last week.", {("JOINT_OPERATION","CHN","RUS")}),
 ("The State Department approved a possible $1.2 billion sale of AMRAAM missiles to Norway.", {("ARMS_SALE","USA","NOR")}),
 ("French Defence Minister Sebastien Lecornu visited Papua New Guinea on Thursday.", {("VISIT","FRA","PNG")}),
 ("U.S. Army Special Forces trained 120 Moldovan soldiers in counterterrorism tactics.", {("TRAINING","USA","MDA")}),
 ("Saudi Crown Prince Mohammed bin Salman received British Foreign Secretary David Lammy in Riyadh.", {("VISIT","GBR","SAU"),("MEETING","GBR","SAU")}),
 ("Uruguay and Paraguay launched a joint operation against arms trafficking along their border.", {("JOINT_OPERATION","PRY","URY")}),
 ("Germany donated 20 armored vehicles to Moldova's army.", {("AID","DEU","MDA")}),
 ("Seoul and Tokyo resumed their defense dialogue after a five-year hiatus.", {("MEETING","JPN","KOR")}),
 ("India and Sri Lanka signed a defence cooperation pact during Prime Minister Narendra Modi's visit to Colombo.", {("AGREEMENT","IND","LKA"),("VISIT","IND","LKA")}),
 ("NATO will train Iraqi security forces under a new mission, the alliance said.", {("TRAINING","org:nato","IRQ")}),
 ("The Colombian navy and the U.S. Coast Guard seized 3 tons of cocaine in a joint operation.", {("JOINT_OPERATION","COL","USA")}),
 ("Kazakhstan bought two Airbus C295 transport aircraft from Spain.", {("ARMS_SALE","ESP","KAZ")}),
 ("Six Black Hawk helicopters were delivered to the Colombian Air Force by the United States on Friday.", {("ARMS_SALE","USA","COL")}),
 ("The training, funded by the European Union, was given to 200 Malian soldiers by Spanish instructors.", {("TRAINING","ESP","MLI"),("AID","org:eu","MLI")}),
 ("A delegation led by Vietnam's deputy defence minister arrived in Canberra for talks with Australian officials.", {("VISIT","VNM","AUS"),("MEETING","AUS","VNM")}),
 ("Under the deal, Greece will buy 20 F-35 fighters from the United States.", {("ARMS_SALE","USA","GRC")}),
 ("The Philippine and Japanese coast guards will hold their first joint exercise in June.", {("JOINT_OPERATION","JPN","PHL")}),
 ("Officials from Kenya and Somalia met in Nairobi to discuss the fight against al-Shabaab.", {("MEETING","KEN","SOM"),("VISIT","SOM","KEN")}),
 ("Canada has trained more than 40,000 Ukrainian soldiers since 2015 under Operation Unifier.", {("TRAINING","CAN","UKR")}),
 ("Washington approved $95 million in military financing for Lebanon's army, the embassy said.", {("AID","USA","LBN")}),
 ("Mexico's navy received three patrol vessels donated by the Netherlands.", {("AID","NLD","MEX")}),
 ("The two navies, from India and France, concluded the Varuna exercise off Goa.", {("JOINT_OPERATION","FRA","IND")}),
 ("Armenia signed a $400 million contract with India for artillery systems.", {("ARMS_SALE","IND","ARM")}),
 ("U.S. and Philippine troops began their annual Balikatan drills on Monday.", {("JOINT_OPERATION","PHL","USA")}),
 ("Argentina's defence minister travelled to Copenhagen to sign the purchase of 24 F-16 jets from Denmark.", {("VISIT","ARG","DNK"),("ARMS_SALE","DNK","ARG")}),
 ("Italy did not sign the agreement with Libya on migration, officials said.", set()),
 ("Chile and Peru hope to sign a maritime security pact next year.", set()),
 ("Australia's foreign minister Penny Wong met her Chinese counterpart Wang Yi in Kuala Lumpur.", {("MEETING","AUS","CHN")}),
 ("Nigeria and Ghana agreed to conduct joint patrols in the Gulf of Guinea.", {("JOINT_OPERATION","GHA","NGA")}),
 ("Croatia will receive 12 used Rafale jets from France in a 999 million euro deal.", {("ARMS_SALE","FRA","HRV")}),
 ("Russia is to supply Iran with Su-35 fighter jets, the Iranian defence ministry said.", {("ARMS_SALE","RUS","IRN")}),
 ("Ethiopia's army chief paid an official visit to Turkey this week.", {("VISIT","ETH","TUR")}),
 ("Washington and Manila signed a deal allowing U.S. troops access to four more bases.", {("AGREEMENT","PHL","USA")}),
 ("A team of Rwandan police officers completed a six-week course run by the Egyptian police academy.", {("TRAINING","EGY","RWA")}),
 ("The two leaders discussed defence cooperation during a phone call on Wednesday.", set()),
 ("Britain is sending 14 Challenger tanks to Ukraine, Prime Minister Rishi Sunak announced.", {("AID","GBR","UKR")}),
 ("Bangladeshi and Indian border guards met at Benapole to discuss smuggling.", {("MEETING","BGD","IND")}),
 ("Qatar has ordered 12 more F-15 jets from Boeing, the company said.", {("ARMS_SALE","USA","QAT")}),
 ("The US Coast Guard handed over two patrol boats to the Philippine Navy in Manila.", {("AID","USA","PHL")}),
 ("Spain will deploy four Eurofighter jets to Romania to help patrol NATO's eastern flank.", set()),
 ("Uganda and Tanzania have agreed to step up intelligence sharing on militants along their border.", {("INTELLIGENCE_SHARING","TZA","UGA")}),
 ("The Dutch defence ministry said it would buy 46 Leopard tanks from Germany.", {("ARMS_SALE","DEU","NLD")}),
 ("Brazilian special forces are training Paraguayan soldiers in jungle warfare.", {("TRAINING","BRA","PRY")}),
 ("Japan's Prime Minister Fumio Kishida arrived in Manila on Friday for a two-day visit.", {("VISIT","JPN","PHL")}),
 ("Saudi Arabia and China held their first joint naval exercise in 2019.", {("JOINT_OPERATION","CHN","SAU")}),
 ("Pakistan received a consignment of military equipment from China on Monday.", {("ARMS_SALE","CHN","PAK")}),
 ("Ecuador's government rejected a U.S. proposal to station troops in the Galapagos.", set()),
 ("Estonia and Finland will share air surveillance data under a new agreement signed in Tallinn.", {("INTELLIGENCE_SHARING","EST","FIN"),("AGREEMENT","EST","FIN")}),
 ("According to the Israeli defence ministry, Morocco will buy 150 drones from Israel's Elbit Systems.", {("ARMS_SALE","ISR","MAR")}),
 ("Mongolia, which received $5 million in U.S. security assistance last year, hosted the Khaan Quest exercise with troops from 20 countries.", {("AID","USA","MNG")}),
 ("The European Union pledged 100 million euros to support the armed forces of Mozambique.", {("AID","org:eu","MOZ")}),
 ("Jordanian King Abdullah II met U.S. President Joe Biden at the White House on Monday.", {("MEETING","JOR","USA"),("VISIT","JOR","USA")}),
 ("A Chinese naval flotilla docked in Karachi for a five-day goodwill visit.", {("VISIT","CHN","PAK")}),
 ("The Kenyan government said it had signed a defence pact with the United Kingdom.", {("AGREEMENT","GBR","KEN")}),
 ("Australian instructors are teaching Fijian soldiers to operate the new vehicles.", {("TRAINING","AUS","FJI")}),
 ("Angola has taken delivery of three Russian-made Su-30K fighters.", {("ARMS_SALE","RUS","AGO")}),
 ("Lithuanian and Latvian troops took part in the Polish-led Anakonda exercise.", {("JOINT_OPERATION","LTU","LVA"),("JOINT_OPERATION","LTU","POL"),("JOINT_OPERATION","LVA","POL")}),
 ("The deal, signed by the defence ministers of Italy and Japan, covers joint development of a fighter jet.", {("AGREEMENT","ITA","JPN")}),
 ("Peru's president Dina Boluarte received the visiting Chilean foreign minister at the Government Palace.", {("VISIT","CHL","PER"),("MEETING","CHL","PER")}),
 ("Tanzania's police will share criminal records with Interpol under the agreement.", {("INTELLIGENCE_SHARING","TZA","org:interpol")}),
 ("Bolivia denied that it had bought weapons from Iran.", set()),
 ("Germany's Rheinmetall will supply Hungary with 218 Lynx infantry fighting vehicles.", {("ARMS_SALE","DEU","HUN")}),
 ("Officials said Colombia would receive two Black Hawk helicopters donated by the United States next month.", {("AID","USA","COL")}),
 ("Nepal's army chief Ashok Raj Sigdel is on a five-day visit to India at the invitation of his Indian counterpart.", {("VISIT","NPL","IND")}),
 ("Swedish and Finnish special forces trained together in northern Norway.", {("JOINT_OPERATION","FIN","SWE")}),
 ("Indonesia finalised a deal with France to buy 42 Rafale jets worth $8.1 billion.", {("ARMS_SALE","FRA","IDN")}),
 ("American trainers will instruct Kenyan pilots on the new helicopters, the U.S. embassy said.", {("TRAINING","USA","KEN")}),
 ("Vietnam and the Philippines agreed to hold joint coast guard exercises in the South China Sea.", {("JOINT_OPERATION","PHL","VNM")}),
 ("Mexico and the United States will share real-time data on fentanyl trafficking, officials said.", {("INTELLIGENCE_SHARING","MEX","USA")}),
 ("The Somali government welcomed a Turkish military delegation in Mogadishu on Sunday.", {("VISIT","TUR","SOM"),("MEETING","SOM","TUR")}),
 ("Morocco's King Mohammed VI received a phone call from French President Emmanuel Macron.", {("MEETING","FRA","MAR")}),
 ("Egypt refused to buy Chinese J-10 fighters, according to local media.", set()),
 ("Cambodia has asked China to fund the expansion of the Ream naval base.", set()),
 ("The Netherlands has handed over eight patrol boats to the Nigerian Navy.", {("AID","NLD","NGA")}),
 ("Malaysia's defence minister Mohamad Hasan said Kuala Lumpur would purchase two more ships from Turkey.", {("ARMS_SALE","TUR","MYS")}),
 ("South Korean and American marines landed on a beach in Pohang during the Ssangyong exercise.", {("JOINT_OPERATION","KOR","USA")}),
 ("Israel's Mossad shared intelligence with the Moroccan services ahead of the summit, officials said.", {("INTELLIGENCE_SHARING","ISR","MAR")}),
 ("Armenian Defence Minister Suren Papikyan held a phone conversation with his Indian counterpart.", {("MEETING","ARM","IND")}),
 ("The Philippines and Australia signed a memorandum on maritime cooperation during Marcos's trip to Canberra.", {("AGREEMENT","AUS","PHL"),("VISIT","PHL","AUS")}),
 ("Kenya will not renew its defence agreement with Britain, the government said.", set()),
 ("More than 300 Somali soldiers have graduated from a Turkish-run training centre in Mogadishu.", {("TRAINING","TUR","SOM")}),
 ("The United Arab Emirates funded the construction of a military academy in Mauritania.", {("AID","ARE","MRT")}),
 ("Taiwan's navy received the first of four MH-60R helicopters bought from the United States.", {("ARMS_SALE","USA","TWN")}),
 ("Georgian and U.S. troops wrapped up the Noble Partner exercise on Friday.", {("JOINT_OPERATION","GEO","USA")}),
]


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def country_level(extraction) -> set[tuple]:
    entities = {e.id: e for e in extraction.entities}
    out = set()
    for r in extraction.relations:
        a, b = (entities[r.source].country or r.source), (entities[r.target].country or r.target)
        if a != b:
            out.add((r.type, *sorted((a, b))) if r.type in SYMMETRIC else (r.type, a, b))
    return out


@pytest.mark.parametrize("text, expected", WIRE, ids=[t[:40] for t, _ in WIRE])
def test_wire_sentence(extractor, text, expected):
    expected = {(t, *sorted((a, b))) if t in SYMMETRIC else (t, a, b) for t, a, b in expected}
    assert country_level(extractor.extract(Document("wire", text, published="2024-06-10"))) == expected
