// What seeded captions, alt texts, places, tags and names are made of. Word lists run from the most
// used down; the seed draws ranks from a Zipf law over them and a long tail of made-up words
// (seed.ts), so a few words are in a large share of posts and most are rare, as in real captions.

/** Caption words per language, most used first, and the share of posts written in it. */
export const LANGUAGES: { lang: string; share: number; words: string[] }[] = [
  {
    lang: 'en',
    share: 40,
    words: ('love day summer beautiful sunset today life friends happy morning light weekend night coffee time beach ' +
      'home city little walk sky best family view golden favourite trip sea weather first evening good dinner lake ' +
      'mountain sunday colours spring autumn winter garden river street market bread breakfast forest rain snow ' +
      'bridge tower harbour island road station window flowers quiet memories adventure lunch cake birthday wedding ' +
      'puppy kitten bicycle festival concert museum library gallery rooftop lighthouse valley canyon glacier meadow ' +
      'vineyard orchard cathedral fog drizzle twilight moonrise stargazing picnic sourdough espresso croissant')
      .split(' '),
  },
  {
    lang: 'es',
    share: 20,
    words: ('amor día verano hermoso atardecer hoy vida amigos feliz mañana luz fin semana noche café tiempo playa ' +
      'casa ciudad paseo cielo mejor familia vista dorado viaje mar primera tarde buena cena lago montaña domingo ' +
      'colores primavera otoño invierno jardín río calle mercado pan desayuno bosque lluvia nieve puente torre ' +
      'puerto isla camino estación ventana flores recuerdos aventura almuerzo pastel cumpleaños boda perrito ' +
      'gatito bicicleta fiesta concierto museo biblioteca terraza faro valle sierra pueblo plaza tapas paella ' +
      'churros sobremesa madrugada')
      .split(' '),
  },
  {
    lang: 'de',
    share: 12,
    words: ('liebe tag sommer schön sonnenuntergang heute leben freunde glücklich morgen licht wochenende nacht kaffee ' +
      'zeit strand zuhause stadt spaziergang himmel beste familie aussicht golden reise meer abend gut abendessen ' +
      'see berg sonntag farben frühling herbst winter garten fluss straße markt brot frühstück wald regen schnee ' +
      'brücke turm hafen insel weg bahnhof fenster blumen erinnerungen abenteuer mittagessen kuchen geburtstag ' +
      'hochzeit welpe fahrrad konzert museum bibliothek dachterrasse leuchtturm tal schlucht gletscher wiese ' +
      'weinberg dom nebel dämmerung brezel biergarten gemütlich')
      .split(' '),
  },
  {
    lang: 'fr',
    share: 12,
    words: ('amour jour été beau coucher soleil aujourdhui vie amis heureux matin lumière weekend nuit café temps ' +
      'plage maison ville balade ciel meilleur famille vue doré voyage mer soirée bon dîner lac montagne dimanche ' +
      'couleurs printemps automne hiver jardin rivière rue marché pain petitdéjeuner forêt pluie neige pont tour ' +
      'port île chemin gare fenêtre fleurs souvenirs aventure déjeuner gâteau anniversaire mariage chiot chaton ' +
      'vélo festival musée bibliothèque terrasse phare vallée gorges glacier prairie vignoble cathédrale brume ' +
      'crépuscule pique-nique croissant baguette apéro')
      .split(' '),
  },
  {
    lang: 'pt',
    share: 10,
    words: ('amor dia verão lindo pôr do sol hoje vida amigos feliz manhã luz fim semana noite café tempo praia casa ' +
      'cidade passeio céu melhor família vista dourado viagem mar tarde bom jantar lago montanha domingo cores ' +
      'primavera outono inverno jardim rio rua mercado pão pequeno almoço floresta chuva neve ponte torre porto ' +
      'ilha caminho estação janela flores memórias aventura almoço bolo aniversário casamento cachorrinho ' +
      'gatinho bicicleta festa concerto museu biblioteca terraço farol vale serra aldeia praça saudade pastel nata ' +
      'esplanada miradouro')
      .split(' '),
  },
  {
    lang: 'it',
    share: 6,
    words: ('amore giorno estate bello tramonto oggi vita amici felice mattina luce finesettimana notte caffè tempo ' +
      'spiaggia casa città passeggiata cielo migliore famiglia vista dorato viaggio mare sera buono cena lago ' +
      'montagna domenica colori primavera autunno inverno giardino fiume strada mercato pane colazione bosco ' +
      'pioggia neve ponte torre porto isola cammino stazione finestra fiori ricordi avventura pranzo torta ' +
      'compleanno matrimonio cucciolo bicicletta festa concerto museo biblioteca terrazza faro valle borgo piazza ' +
      'gelato aperitivo')
      .split(' '),
  },
]

/** Syllables of the long tail of made-up words (nicknames, slang, names): rare words for search. */
export const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vi', 'zo', 'be', 'da', 'fu', 'ga', 'ho', 'ji', 'ku', 'le', 'mo', 'na', 'pi', 'ri', 'so', 'tu', 've', 'yo']

/** Tags, most used first. */
export const TAGS = (
  'sunset travel food nature photography city portrait beach mountains coffee art street love summer dogs cats ' +
  'flowers night architecture friends winter bw naturaleza viaje reise voyage viagem viaggio comida essen ' +
  'playa strand plage praia mare sonnenuntergang atardecer couchersoleil pordosol tramonto landscape ' +
  'hiking cycling running yoga baking vegan brunch vintage film analog macro drone wildlife birds ' +
  'autumnvibes springtime rainyday goldenhour bluehour citylights roadtrip vanlife'
).split(' ')

/** Tags that burst in the last hours, posted by many different accounts: what trending should find. */
export const BURST_TAGS = ['eclipse2026', 'auroraborealis', 'cityfestival']

/** Cities (name, lat, lng); each holds a few named places, most visited first. */
export const CITIES: [string, number, number][] = [
  ['Lisbon', 38.7223, -9.1393], ['Madrid', 40.4168, -3.7038], ['Barcelona', 41.3874, 2.1686], ['Paris', 48.8566, 2.3522],
  ['Berlin', 52.52, 13.405], ['München', 48.1351, 11.582], ['Roma', 41.9028, 12.4964], ['Milano', 45.4642, 9.19],
  ['London', 51.5072, -0.1276], ['Amsterdam', 52.3676, 4.9041], ['Wien', 48.2082, 16.3738], ['Zürich', 47.3769, 8.5417],
  ['Praha', 50.0755, 14.4378], ['København', 55.6761, 12.5683], ['Stockholm', 59.3293, 18.0686], ['Oslo', 59.9139, 10.7522],
  ['Helsinki', 60.1699, 24.9384], ['Dublin', 53.3498, -6.2603], ['Edinburgh', 55.9533, -3.1883], ['Porto', 41.1579, -8.6291],
  ['Sevilla', 37.3891, -5.9845], ['Valencia', 39.4699, -0.3763], ['Marseille', 43.2965, 5.3698], ['Lyon', 45.764, 4.8357],
  ['Nice', 43.7102, 7.262], ['Napoli', 40.8518, 14.2681], ['Firenze', 43.7696, 11.2558], ['Venezia', 45.4408, 12.3155],
  ['Hamburg', 53.5511, 9.9937], ['Köln', 50.9375, 6.9603], ['Kraków', 50.0647, 19.945], ['Budapest', 47.4979, 19.0402],
  ['Athens', 37.9838, 23.7275], ['İstanbul', 41.0082, 28.9784], ['New York', 40.7128, -74.006], ['San Francisco', 37.7749, -122.4194],
  ['Los Angeles', 34.0522, -118.2437], ['Chicago', 41.8781, -87.6298], ['Toronto', 43.6532, -79.3832], ['Montréal', 45.5017, -73.5673],
  ['Ciudad de México', 19.4326, -99.1332], ['Buenos Aires', -34.6037, -58.3816], ['São Paulo', -23.5505, -46.6333], ['Rio de Janeiro', -22.9068, -43.1729],
  ['Santiago', -33.4489, -70.6693], ['Lima', -12.0464, -77.0428], ['Bogotá', 4.711, -74.0721], ['Tokyo', 35.6762, 139.6503],
  ['Kyoto', 35.0116, 135.7681], ['Seoul', 37.5665, 126.978], ['Sydney', -33.8688, 151.2093], ['Melbourne', -37.8136, 144.9631],
  ['Cape Town', -33.9249, 18.4241], ['Marrakech', 31.6295, -7.9811], ['Reykjavík', 64.1466, -21.9426], ['Tallinn', 59.437, 24.7536],
]

/** Places in each city: a name pattern (%s is the city) and a small offset from its centre. */
export const PLACE_KINDS: [string, number, number][] = [
  ['%s Old Town', 0, 0], ['Central Station, %s', 0.012, -0.008], ['%s Harbour', -0.02, 0.015], ['Café Central %s', 0.003, 0.004],
  ['%s Botanical Garden', 0.018, 0.021], ['%s Riverside', -0.009, -0.017],
]

export const FIRST_NAMES = (
  'Ada Grace Alan Linus Margaret Ken Barbara Dennis Radia Tim Sofia Lucas Emma Noah Olivia Mateo Mia Leon Chloé ' +
  'Hugo Lucía Martín Valentina Santiago Camila Joaquín Inês Tomás Beatriz Duarte Giulia Lorenzo Francesca Matteo ' +
  'Hannah Jonas Lena Felix Clara Maximilian Amélie Louis Léa Gabriel Zoë Aisha Omar Yuki Haruto Sakura Min-jun ' +
  'Ji-woo Priya Arjun Ana Ivan Olga Dmitri Fatima Kwame Amara Sven Ingrid Astrid Mikko Aino Siobhán Cian Niamh ' +
  'Mila Milan Anna Jakub Zofia Eszter Bence Nikos Eleni Elif Emre Aroha Tane Isla Finn Maya Ezra'
).split(' ')

export const LAST_NAMES = (
  'Park Silva Khan Novak Ito Okafor Berg Rossi García Fernández López Martínez Müller Schmidt Schneider Fischer ' +
  'Dubois Martin Bernard Moreau Santos Oliveira Pereira Costa Bianchi Romano Colombo Ricci Smith Johnson Brown ' +
  'Taylor Wilson Murphy Kelly Byrne Nowak Kowalski Horváth Nagy Papadopoulos Yılmaz Kaya Tanaka Suzuki Kim Lee ' +
  'Choi Patel Sharma Ivanova Petrov Haddad Mensah Diallo Lindqvist Johansson Virtanen Korhonen Ó Briain Rahman'
).split(' ')
