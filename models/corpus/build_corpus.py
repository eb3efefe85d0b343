"""Build the shipped training corpus ``notes_train.csv`` from hand-written fragments.

Run ``python models/corpus/build_corpus.py`` from the repository root; it rewrites
``models/corpus/notes_train.csv`` deterministically (fixed seed), so a diff of the CSV shows exactly
what a change to the fragments did. The CSV is the data the classifier trains on; this script is
only how it was written (``tests/test_classify.py`` checks the two agree).

Every subtype (and "none") has hand-written clauses in up to seven voices: Spanish and English
agent notes (third person), customer's own words (first person), short exit-survey codes, and
what an agent said in a chat or call transcript ("Agente: no estamos autorizados…"). Clauses are
dressed in frames ("cliente indica que …", "I'm cancelling because …", "Cliente: … Agente: …"),
sometimes preceded by a contrast that names another family in a positive or neutral way ("el
precio está bien, pero …") so that naming a topic is not taken for complaining about it, and then
roughened the way real logs are: missing accents, abbreviations (q, xq, tb, cte, cx, pls), typos,
capitals, label-free tails (ticket numbers, topics, channels).

Each family gets the same number of rows (``ROWS_PER_FAMILY``), so that frames, which are shared
by all families, stay neutral evidence. See README.md in this folder for how the fragments grew.

None of this text comes from ``tests/data/eval_notes.csv``; a test checks that no evaluation
note appears here after normalisation.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import unicodedata
from pathlib import Path

SEED = 20240611
ROWS_PER_FAMILY = 600
# How often a note gets each kind of dressing (probabilities).
P_DOUBLE = 0.12  # a second clause of the same subtype
P_CONTRAST = 0.18  # a positive or neutral mention of another family first
P_TAIL = 0.25  # a label-free context tail (topic, reference, channel)
P_TYPO = 0.3  # one keyboard slip
OUT = Path(__file__).with_name("notes_train.csv")

# Per subtype: family and clauses. "es_note"/"en_note" are third person (agent notes),
# "es_voice"/"en_voice" first person (customer's own words), "es_short"/"en_short" are the
# codes and two-word answers seen in exit surveys and "motivo de baja" fields.
F: dict[str, dict[str, object]] = {
    # ----------------------------------------------------------------------------- attitude
    "rude": {
        "family": "attitude",
        "es_note": [
            "el asesor le colgó la llamada a mitad de la explicación",
            "la agente lo atendió de mala gana y sin ganas de ayudar",
            "el cajero le respondió con malos modos",
            "el mesero le tiró la carta en la mesa y ni lo miró",
            "la operadora le habló golpeado y le cortó",
            "el técnico fue grosero y se burló de su pregunta",
            "lo dejaron hablando solo, el asesor estaba chateando con una compañera",
            "la ejecutiva le contestó de forma despectiva",
            "el vendedor le gritó delante de otros clientes",
            "le respondieron con sarcasmo y prepotencia",
            "el guardia de la sucursal lo trató con desprecio",
            "la recepcionista ni levantó la vista del celular para atenderla",
        ],
        "es_voice": [
            "me colgaron en la cara",
            "me atendieron de mala gana, como si les molestara",
            "la señorita fue súper maleducada conmigo",
            "el chico de la tienda me contestó de muy mala forma",
            "me trataron como si fuera un estorbo",
            "el agente me levantó la voz",
            "la cajera me ignoró y siguió hablando por teléfono",
            "me hablaron con una prepotencia increíble",
            "el mesero nos atendió con cara de pocos amigos",
            "me cortaron la llamada dos veces sin decir nada",
            "qué grosería, la persona que me atendió fue una maleducada",
            "nadie me hizo caso, estaban todos conversando entre ellos",
        ],
        "en_note": [
            "the agent hung up on him mid-sentence",
            "rep was rude and dismissive throughout the call",
            "the cashier rolled her eyes and served her grudgingly",
            "waiter was curt and slammed the plates down",
            "staff member raised his voice at the customer",
            "the technician was condescending and mocked the question",
            "agent sounded bored and could not be bothered",
            "the store clerk ignored her and kept texting",
            "rep used a sarcastic tone with the caller",
        ],
        "en_voice": [
            "the guy on the phone just hung up on me",
            "your agent was incredibly rude to me",
            "she talked down to me like I was stupid",
            "the staff couldn't care less, total attitude",
            "I was treated with contempt at the counter",
            "the rep cut me off and then disconnected the call",
            "nobody even looked up when I walked in",
            "the waiter was snappy and rude all evening",
            "I got yelled at by the employee at the desk",
        ],
        "es_short": ["mala atención", "trato grosero", "maltrato del personal", "me colgaron"],
        "en_short": ["rude staff", "poor attitude", "agent hung up", "bad manners"],
    },
    "not_listening": {
        "family": "attitude",
        "es_note": [
            "el asesor no lo dejó terminar de explicar",
            "la agente lo interrumpía todo el tiempo y no escuchó el problema",
            "le respondieron otra cosa que no había preguntado",
            "no mostraron ninguna empatía con su situación, estaba hospitalizado",
            "tuvo que repetir su problema cinco veces, nadie le prestó atención",
            "la ejecutiva siguió con su discurso sin escuchar lo que decía",
            "el técnico no tomó en cuenta lo que le explicó",
            "le contestaron con total frialdad pese a que explicó que su madre había fallecido",
            "a nadie le importó que estuviera sin luz con un bebé en casa",
            "le dijeron que eso no era importante",
        ],
        "es_voice": [
            "no me escucharon, solo querían cerrar el caso",
            "le expliqué mil veces y el agente seguía sin entender porque no escuchaba",
            "me interrumpía a cada rato",
            "no les importa lo que uno les dice",
            "les conté que estaba enfermo y les dio igual",
            "hablaba como un robot sin escuchar nada de lo que le decía",
            "nunca entendieron mi problema porque no me dejaron hablar",
            "me respondieron cualquier cosa, ni leyeron mi correo",
            "cero empatía con mi situación",
            "les da lo mismo lo que le pase al cliente",
        ],
        "en_note": [
            "agent kept interrupting and did not listen to the issue",
            "customer had to repeat herself several times, rep not paying attention",
            "rep answered a different question than the one asked",
            "no empathy shown even though the customer mentioned a medical emergency",
            "the advisor ignored what the caller explained and read from the screen",
            "staff dismissed his concerns as unimportant",
            "agent talked over the customer",
            "the reply did not address anything the member wrote",
        ],
        "en_voice": [
            "nobody listened to a word I said",
            "they just didn't care that I was without heating with two kids",
            "I explained it three times and she still wasn't listening",
            "he kept talking over me",
            "zero empathy, they just wanted me off the phone",
            "your reply shows nobody even read my email",
            "felt like I was talking to a wall",
            "they brushed off my problem like it was nothing",
        ],
        "es_short": ["no me escuchan", "falta de empatía", "no escuchan al cliente"],
        "en_short": ["didn't listen", "no empathy", "ignored my concerns"],
    },
    "blaming_customer": {
        "family": "attitude",
        "es_note": [
            "el asesor le dijo que la culpa era suya por no leer el contrato",
            "le indicaron que el problema era porque configuró mal el equipo",
            "la agente insinuó que estaba mintiendo",
            "le dijeron que seguramente lo rompió él",
            "el técnico culpó al cliente por el cableado de su casa",
            "le respondieron que debió haberse fijado antes de firmar",
            "en el banco le dijeron que el fraude fue su responsabilidad por dar su clave",
            "le echaron la culpa por no pagar a tiempo cuando sí pagó",
            "la vendedora le dijo que era problema suyo por no saber usarlo",
        ],
        "es_voice": [
            "encima me echaron la culpa a mí",
            "me dijeron que yo lo había roto, cuando llegó así",
            "me trataron de mentiroso",
            "según ellos es culpa mía por no leer la letra chica",
            "me dijeron que seguro lo estaba usando mal",
            "que yo tenía que haberme dado cuenta, me dijeron",
            "me acusaron de no haber pagado y tenía el comprobante",
            "para ellos la responsabilidad siempre es del cliente",
            "dicen que el error fue mío al llenar el formulario",
        ],
        "en_note": [
            "agent told the customer it was his own fault for not reading the terms",
            "rep implied the customer broke the device",
            "technician blamed the customer's home wiring without checking",
            "customer was told she must have entered the wrong details",
            "staff accused him of lying about the delivery",
            "advisor said the customer should have known better",
            "rep insisted the customer was using it wrong",
            "told the caller the missed payment was on her even though she had proof",
        ],
        "en_voice": [
            "they blamed me for their mistake",
            "I was basically called a liar",
            "apparently it's my fault for not reading the small print",
            "they said I must have dropped it, which I did not",
            "the agent kept saying I was doing something wrong",
            "somehow it's always the customer's fault with you",
            "they accused me of not paying when I had the receipt",
            "was told I should have checked before signing",
        ],
        "es_short": ["me echaron la culpa", "culpan al cliente"],
        "en_short": ["blamed me", "they blame the customer"],
    },
    "scripted_refusal": {
        "family": "attitude",
        "es_note": [
            "el asesor responde yo entiendo y créame que quisiera ayudarle pero no puedo hacer nada",
            "la agente repitió el mismo guion sin ofrecer ninguna alternativa",
            "le contestaron lo de siempre, lamentamos las molestias, sin solución",
            "el ejecutivo se limita a leer el protocolo y no busca opciones",
            "le dijeron entendemos su molestia pero no hay nada que hacer y cerraron",
            "la respuesta fue copiar y pegar, igual a los correos anteriores",
            "el asesor dijo comprendo su situación pero lamentablemente no, sin intentar nada",
            "le ofrecieron disculpas de manual y ninguna solución",
            "recibió la respuesta automática de su caso es importante para nosotros",
        ],
        "es_voice": [
            "todo el rato lo mismo: entiendo su molestia, pero no se puede",
            "yo entiendo y créame que quisiera ayudarle pero... siempre la misma frase",
            "me leyeron un guion y no hicieron el menor esfuerzo",
            "respuestas de robot, lamentamos los inconvenientes y nada más",
            "me mandaron la misma plantilla tres veces",
            "parecía una grabación, comprendo, comprendo, pero no",
            "nadie intentó buscar una solución, solo decían que lo sentían",
            "me dieron una respuesta enlatada sin leer mi caso",
            "todos repiten lo mismo como loros",
        ],
        "en_note": [
            "agent said I understand and I'd really like to help but there is nothing I can do",
            "rep stuck to the script and offered no alternative",
            "canned apology, we apologise for the inconvenience, no resolution offered",
            "advisor read the standard refusal word for word",
            "same copy-paste reply as the previous two emails",
            "agent kept saying I hear you but no, made no effort",
            "customer received a templated response that did not address the case",
            "rep repeated the company line and ended the chat",
        ],
        "en_voice": [
            "all I got was believe me I'd love to help you but...",
            "it's like talking to a script, sorry for the inconvenience and that's it",
            "they sent me the same template three times",
            "nobody made any real effort, just scripted apologies",
            "I understand your frustration, they said, and then did nothing",
            "a canned response that doesn't even mention my problem",
            "every agent repeats the same lines like a recording",
            "sorry but no, over and over, not even trying",
        ],
        "es_short": ["respuestas de guion", "respuesta enlatada"],
        "en_short": ["scripted answers", "canned responses"],
    },
    "impersonal": {
        "family": "attitude",
        "es_note": [
            "lo llamaron por su número de cuenta y no por su nombre",
            "la asesora no saludó ni se presentó",
            "lo atendieron sin saludar, solo pidieron el número de contrato",
            "lo tratan como un número de expediente",
            "le enviaron una carta genérica dirigida a estimado usuario después de 15 años de cliente",
            "nadie lo reconoció pese a ser cliente desde hace 20 años",
            "en la sucursal lo atendieron con un ticket y sin mirarlo",
            "el correo venía firmado por el departamento, sin nombre de ninguna persona",
        ],
        "es_voice": [
            "me llamaron por el número de cuenta como si fuera un código",
            "ni un buenos días, directo a pedirme el DNI",
            "soy cliente hace diez años y me tratan como a un desconocido",
            "para ellos soy solo un número de cliente",
            "te contesta una persona distinta cada vez y nadie sabe quién eres",
            "me escribieron estimado cliente, ni mi nombre pusieron",
            "trato frío e impersonal, sin saludo ni despedida",
            "parece que hablo con una máquina, no con personas",
            "nunca me llamaron por mi nombre",
        ],
        "en_note": [
            "customer unhappy that he was addressed by account number, not by name",
            "agent did not greet or introduce herself",
            "no greeting, rep went straight to asking for the policy number",
            "long-standing customer not recognised at all",
            "letter addressed to dear customer with no name after 12 years",
            "member felt treated like a case number",
            "reply signed by the team with no person named",
        ],
        "en_voice": [
            "I'm just an account number to you people",
            "not even a hello, just what's your reference number",
            "ten years with you and nobody knows who I am",
            "the agent called me by my customer ID instead of my name",
            "cold, robotic service, no greeting, no goodbye",
            "every time a different person and none of them know me",
            "the email started with dear valued customer, seriously",
            "felt like a ticket in a queue, not a person",
        ],
        "es_short": ["trato impersonal", "me tratan como un número"],
        "en_short": ["impersonal service", "treated like a number"],
    },
    "lack_of_knowledge": {
        "family": "attitude",
        "es_note": [
            "la asesora dijo yo soy nueva y no sabía cómo hacer el cambio de plan",
            "el agente no conocía las condiciones del producto",
            "le dieron información equivocada sobre la cobertura del seguro",
            "el vendedor no supo explicar la diferencia entre los planes",
            "cada asesor le dio una respuesta distinta sobre el mismo trámite",
            "el técnico no sabía configurar el equipo",
            "le dijeron que no sabían cómo funciona la portabilidad",
            "el empleado tuvo que preguntar a un compañero para todo y aun así no supo",
            "la agente desconocía la promoción vigente",
        ],
        "es_voice": [
            "me dijo que era nuevo y que no sabía",
            "nadie sabe nada, cada uno dice una cosa distinta",
            "el chico no tenía idea del producto que vendía",
            "me informaron mal sobre los requisitos y perdí el viaje",
            "la persona no sabía ni cómo buscar mi cuenta",
            "tuve que explicarle yo al técnico cómo funcionaba",
            "me decía no sé, no sé, tendría que averiguar",
            "no saben ni lo que venden",
            "la chica estaba recién entrando y no sabía hacer la devolución",
        ],
        "en_note": [
            "agent said I'm new here and didn't know how to process the change",
            "rep gave incorrect information about the warranty",
            "advisor could not explain the difference between the two plans",
            "each agent gave a different answer about the same procedure",
            "technician didn't know how to set up the equipment",
            "staff unfamiliar with the current promotion",
            "rep had to ask colleagues for every single question",
            "agent was unaware of the product's basic features",
        ],
        "en_voice": [
            "the guy said he was new and had no idea",
            "nobody there knows anything about their own products",
            "I had to explain to the technician how it works",
            "three agents, three different answers",
            "she didn't even know how to look up my account",
            "they gave me wrong information and I wasted a trip",
            "he kept saying I don't know, I'd have to check",
            "the salesperson knew less than I did",
        ],
        "es_short": ["personal sin capacitación", "no saben nada"],
        "en_short": ["untrained staff", "clueless agents"],
    },
    "aggressive_selling": {
        "family": "attitude",
        "es_note": [
            "llamó por una avería y el asesor solo intentó venderle un plan más caro",
            "le insistieron varias veces con un seguro que no pidió",
            "en vez de resolver el reclamo le ofrecieron cambiar de equipo en cuotas",
            "el vendedor lo presionó para firmar el contrato ese mismo día",
            "lo llaman todos los días ofreciendo productos aunque pidió que no lo hicieran",
            "le insisten con una tarjeta de crédito cada vez que va al banco",
            "la ejecutiva no lo dejaba irse sin contratar el paquete premium",
            "le quisieron vender un upgrade en lugar de atender la falla",
        ],
        "es_voice": [
            "solo querían venderme cosas, mi problema les daba igual",
            "me llaman a cada rato para ofrecerme planes, ya basta",
            "me presionaron para comprar la garantía extendida",
            "llamé para reclamar y terminaron ofreciéndome otro producto",
            "no paraban de insistir con la tarjeta de crédito",
            "el vendedor me acosaba para que firmara ya",
            "cada vez que llamo me quieren vender algo",
            "me metieron presión para que cambiara a un plan más caro",
        ],
        "en_note": [
            "customer called about a fault and rep pushed an upgrade instead",
            "agent kept pitching the premium bundle despite refusals",
            "pressure to sign the contract on the spot",
            "customer receives daily sales calls after opting out",
            "rep tried to upsell insurance three times during a complaint call",
            "salesperson would not take no for an answer",
            "instead of fixing the issue agent offered a new device on finance",
        ],
        "en_voice": [
            "all they wanted was to sell me something",
            "I called to complain and got a sales pitch",
            "stop calling me with offers, I said no",
            "the pushy salesman wouldn't leave me alone",
            "they pressured me into the extended warranty",
            "every call turns into an upsell",
            "hard sell the whole time, my problem was ignored",
            "kept pushing a more expensive plan on me",
        ],
        "es_short": ["venta agresiva", "acoso comercial"],
        "en_short": ["pushy sales", "hard selling"],
    },
    # ------------------------------------------------------------------------------ process
    "policy_refusal": {
        "family": "process",
        "es_note": [
            "el asesor indica que no están autorizados para hacer el reembolso",
            "le dijeron que la compañía no lo permite",
            "el sistema no permite cambiar la fecha de pago",
            "no se puede hacer la devolución según la política de la empresa",
            "el mesero dice que no está autorizado a traer otra canasta de pan",
            "no se puede anular el cargo porque el sistema no lo deja",
            "una política interna impide cambiar la titularidad por teléfono",
            "por norma no se aceptan cambios sin la boleta original",
            "el procedimiento no permite excepciones",
        ],
        "es_voice": [
            "me dijeron que no estaban autorizados y punto",
            "todo es el sistema no me deja, el sistema no me deja",
            "la empresa no lo permite, esa fue toda la respuesta",
            "por política no me podían devolver el dinero aunque el producto estaba sellado",
            "una regla absurda: no se puede cambiar de plan hasta que pasen 12 meses",
            "no me dejaron pagar con otra tarjeta porque es norma de la empresa",
            "me dijeron que las reglas son las reglas",
            "no pueden hacer excepciones ni con un certificado médico",
        ],
        "en_note": [
            "agent stated they are not authorised to issue a refund",
            "customer told the company does not allow it",
            "system won't let the rep change the due date",
            "refund refused per company policy",
            "waiter said he was not allowed to bring more bread",
            "rep said policy prevents changing the account holder over the phone",
            "no exceptions allowed according to procedure",
            "cannot waive the fee, the system doesn't permit it",
        ],
        "en_voice": [
            "they kept saying they're not authorised to do that",
            "the system doesn't allow it, that's all I ever hear",
            "it's against company policy, they said, end of story",
            "rules are rules, they told me",
            "a ridiculous policy stopped me from swapping the item",
            "not allowed to change my plan until the contract ends, they said",
            "they couldn't make a single exception even with a doctor's note",
            "apparently nobody is allowed to cancel an order once placed",
        ],
        "es_short": ["políticas rígidas", "no autorizado", "el sistema no lo permite"],
        "en_short": ["rigid policies", "not allowed by policy"],
    },
    "handoff": {
        "family": "process",
        "es_note": [
            "le dijeron que eso lo maneja otra área",
            "fue transferido cuatro veces entre departamentos",
            "lo derivaron a soporte técnico y de ahí a facturación",
            "cada área dice que le corresponde a otra",
            "le dieron otro número para llamar porque no es su departamento",
            "lo pasaron de un asesor a otro y se cortó la llamada",
            "le indicaron que debía ir a otra sucursal porque ahí no lo ven",
            "el caso rebotó entre back office y comercial",
            "ventas lo mandó a postventa y postventa a ventas",
        ],
        "es_voice": [
            "me pasaron de un área a otra toda la mañana",
            "me transfirieron como cinco veces y nadie me resolvió",
            "eso no es con nosotros, llame a otro número, me dijeron",
            "me mandaron de una ventanilla a otra",
            "en la tienda me dicen que llame y en el teléfono que vaya a la tienda",
            "nadie se hace cargo, todos me derivan",
            "cada vez que me transfieren tengo que explicar todo de nuevo",
            "me tuvieron de departamento en departamento",
        ],
        "en_note": [
            "customer transferred four times between departments",
            "agent said another department handles that",
            "call passed from tech support to billing and back",
            "customer given a different number to call, not our team",
            "bounced between the store and the call centre",
            "transfer dropped and customer lost in the queue",
            "case moved between teams with no owner",
            "rep redirected customer to head office",
        ],
        "en_voice": [
            "I got passed around from one department to another",
            "transferred five times, nobody could help",
            "that's not our department, they said, call this other number",
            "the store sent me to the phone line and the phone line sent me to the store",
            "every transfer meant explaining everything again",
            "nobody owns the problem, they just pass you on",
            "kept getting bounced between teams",
            "they put me through to the wrong department twice",
        ],
        "es_short": ["me transfieren", "derivaciones entre áreas"],
        "en_short": ["passed around", "too many transfers"],
    },
    "repeat_contact": {
        "family": "process",
        "es_note": [
            "llama por tercera vez por el mismo tema",
            "reincidente, ya tiene cuatro reclamos abiertos por la misma falla",
            "es la quinta vez que se comunica y no se soluciona",
            "ya había llamado la semana pasada por esto",
            "el problema volvió a aparecer después de la visita anterior",
            "caso reabierto, no quedó resuelto en el primer contacto",
            "tuvo que ir tres veces a la oficina para el mismo trámite",
            "llama nuevamente, dice que lo iban a resolver y sigue igual",
        ],
        "es_voice": [
            "llevo cinco llamadas por lo mismo",
            "es la tercera vez que escribo y sigo sin solución",
            "cada semana tengo que volver a llamar por el mismo problema",
            "ya fui dos veces a la tienda y nada",
            "dicen que ya está resuelto y a los dos días vuelve a pasar",
            "me tienen llamando una y otra vez",
            "otra vez reclamando lo mismo, ya perdí la cuenta",
            "nunca me lo solucionan a la primera",
        ],
        "en_note": [
            "third call about the same issue",
            "repeat caller, fourth ticket for the same fault",
            "issue reoccurred after the previous fix",
            "case reopened, not resolved on first contact",
            "customer called back again, problem still there",
            "second visit to the branch for the same request",
            "customer has contacted us weekly for a month",
        ],
        "en_voice": [
            "this is the fourth time I'm calling about this",
            "I've emailed three times and it's still not fixed",
            "every time they say it's sorted and it comes back",
            "I keep having to call back over the same thing",
            "second trip to the store for the same problem",
            "how many times do I have to report this",
            "nothing ever gets solved the first time",
        ],
        "es_short": ["llamadas repetidas", "reclamo reiterado"],
        "en_short": ["repeat calls", "never fixed first time"],
    },
    "long_wait": {
        "family": "process",
        "es_note": [
            "esperó más de 40 minutos en línea",
            "estuvo una hora en la cola de la sucursal",
            "se queja del menú telefónico, marcó todas las opciones y no llegó a un asesor",
            "demora de 2 horas en la atención en tienda",
            "tiempo de espera excesivo en el chat",
            "la llamada se cortó tras 30 min en espera",
            "esperó 45 minutos para que le tomaran el pedido",
            "la línea siempre está ocupada",
            "indica que la operadora automática lo devuelve al menú principal",
        ],
        "es_voice": [
            "me tuvieron una hora con la musiquita",
            "marque 1, marque 2, marque 3 y nunca me atendió nadie",
            "más de media hora en espera para nada",
            "la fila en la oficina era eterna",
            "imposible comunicarse, siempre ocupado",
            "tardaron una eternidad en atenderme",
            "en el restaurante esperamos una hora por la comida",
            "el chat te deja en cola y al rato se cierra solo",
            "ya ni llamo, la espera es de horas",
        ],
        "en_note": [
            "customer on hold for over 40 minutes",
            "waited an hour in the branch queue",
            "IVR loop, could not reach an agent",
            "excessive chat queue time",
            "call dropped after 30 min on hold",
            "waited 45 minutes to be seated and served",
            "line constantly busy, customer unable to get through",
        ],
        "en_voice": [
            "an hour listening to hold music",
            "press 1, press 2, and still no human",
            "the queue at the store was ridiculous",
            "I can never get through, the wait is endless",
            "took forever for anyone to answer",
            "waited ages for our food",
            "the chat says I'm number 37 in the queue",
            "I gave up after 50 minutes on hold",
        ],
        "es_short": ["mucha espera", "demoras en la atención"],
        "en_short": ["long waits", "on hold forever"],
    },
    "broken_promise": {
        "family": "process",
        "es_note": [
            "le prometieron una llamada de vuelta que nunca llegó",
            "el técnico no vino en la fecha acordada",
            "el pedido no llegó en el plazo prometido",
            "le dijeron que en 48 horas estaría resuelto y pasó un mes",
            "quedaron en enviarle el reembolso y no lo hicieron",
            "la instalación se reprogramó tres veces",
            "le aseguraron que le enviarían un equipo de reemplazo y nunca llegó",
            "no cumplieron con la visita agendada",
            "se comprometieron a devolverle la llamada el mismo día y nada",
        ],
        "es_voice": [
            "quedaron en llamarme y nunca llamaron",
            "me dijeron que venían el martes y no vino nadie",
            "la entrega se atrasó dos semanas",
            "prometen y no cumplen",
            "me perdí un día de trabajo esperando al técnico que no llegó",
            "me aseguraron que en 24 horas y ya van diez días",
            "todavía estoy esperando la devolución que me prometieron",
            "me juraron que me llamaban al día siguiente y nada",
        ],
        "en_note": [
            "promised call-back never happened",
            "technician no-show on the agreed date",
            "delivery missed the promised window",
            "told it would be fixed in 48 hours, still open after a month",
            "refund promised but not issued",
            "installation rescheduled three times",
            "replacement device promised, never shipped",
        ],
        "en_voice": [
            "they said they'd call me back and never did",
            "took a day off for the engineer who never showed up",
            "my order is two weeks late",
            "they promise and don't deliver",
            "still waiting for the refund you promised",
            "told 24 hours, it's been ten days",
            "the appointment was cancelled again without notice",
        ],
        "es_short": ["promesas incumplidas", "entregas tarde"],
        "en_short": ["broken promises", "late delivery"],
    },
    "no_follow_up": {
        "family": "process",
        "es_note": [
            "nadie le hizo seguimiento al caso abierto",
            "el reclamo sigue abierto sin novedades desde hace un mes",
            "nunca le informaron cómo quedó su solicitud",
            "el ticket quedó sin gestionar",
            "no recibió respuesta a su correo de reclamo",
            "el caso se cerró sin avisarle",
            "después de la visita nadie volvió a contactarlo",
            "la solicitud quedó en el aire, nadie la revisó",
            "no se le notificó el estado del trámite",
        ],
        "es_voice": [
            "nadie me volvió a contactar",
            "mandé tres correos y ni una respuesta",
            "abrí un reclamo y nunca supe nada más",
            "me cerraron el caso sin preguntarme si estaba resuelto",
            "sigo sin noticias de mi solicitud",
            "nadie se preocupó de saber si se solucionó",
            "después de la queja, silencio total",
            "no me avisaron nada, tuve que llamar yo para saber",
        ],
        "en_note": [
            "no follow-up on the open case",
            "complaint still open with no update for a month",
            "customer never informed of the outcome",
            "ticket left unattended",
            "no reply to the customer's complaint email",
            "case closed without notifying the customer",
            "nobody contacted the customer after the visit",
        ],
        "en_voice": [
            "nobody ever got back to me",
            "sent three emails, not a single reply",
            "opened a complaint and never heard anything again",
            "they closed my ticket without asking if it was fixed",
            "still no news about my request",
            "radio silence after my complaint",
            "I had to chase them for an update every time",
        ],
        "es_short": ["sin seguimiento", "nunca respondieron"],
        "en_short": ["no follow-up", "no response"],
    },
    "escalation_blocked": {
        "family": "process",
        "es_note": [
            "solicitó hablar con un supervisor y se lo negaron",
            "le dijeron que toca esperar a la supervisora que no está",
            "no hay nadie con autoridad para resolver en la sucursal",
            "pidió escalar el caso y el asesor se negó",
            "el jefe de turno nunca se acercó",
            "no le dieron contacto de ninguna gerencia",
            "el supervisor no estaba disponible, que volviera mañana",
            "según el asesor no hay instancia superior a la que reclamar",
        ],
        "es_voice": [
            "pedí hablar con un superior y me dijeron que no se puede",
            "nunca hay un supervisor disponible",
            "toca esperar a la supervisora, siempre lo mismo",
            "quise hablar con el gerente y no me dejaron",
            "nadie con poder de decisión me atiende",
            "el encargado nunca está",
            "me dijeron que el jefe no atiende al público",
            "escalar mi caso parece imposible",
        ],
        "en_note": [
            "customer asked for a supervisor, request denied",
            "no manager available to authorise",
            "agent refused to escalate the case",
            "told to wait for the supervisor who is off today",
            "duty manager never came to the table",
            "no contact details given for any higher level",
            "escalation request not actioned",
        ],
        "en_voice": [
            "I asked for a manager and they refused",
            "there's never a supervisor available",
            "nobody with any authority will speak to me",
            "I wanted to escalate and was told I can't",
            "the manager was busy, come back tomorrow",
            "impossible to reach anyone who can actually decide",
            "they wouldn't put me through to someone senior",
        ],
        "es_short": ["no me dejan hablar con un supervisor", "sin escalamiento"],
        "en_short": ["no supervisor", "couldn't escalate"],
    },
    "billing_error": {
        "family": "process",
        "es_note": [
            "la factura llegó con un monto equivocado",
            "le cobraron dos veces la misma cuota",
            "le facturaron un plan que no corresponde",
            "perdieron los documentos que entregó para el trámite",
            "su nombre está mal escrito en el contrato y no lo corrigen",
            "el pago no se registró en el sistema y aparece como moroso",
            "le cargaron la boleta de otro cliente",
            "la dirección de facturación está mal ingresada",
            "hubo un error en la lectura del medidor",
        ],
        "es_voice": [
            "me llegó la factura con un error otra vez",
            "me cobraron doble este mes",
            "perdieron mis papeles y tuve que llevar todo de nuevo",
            "pagué y me siguen apareciendo como deudor",
            "la boleta viene a nombre de otra persona",
            "me están facturando un servicio que di de baja",
            "se equivocaron en la lectura del medidor y me llegó cualquier cosa",
            "tienen mal mis datos y no los corrigen",
        ],
        "en_note": [
            "bill issued with the wrong amount",
            "customer charged twice for the same instalment",
            "billed for a plan she is not on",
            "paperwork lost, customer had to resubmit",
            "payment not recorded, account flagged as overdue",
            "name misspelled on the contract, correction pending",
            "meter reading error on the invoice",
        ],
        "en_voice": [
            "my bill is wrong again",
            "I was double charged this month",
            "you lost my documents and I had to send them again",
            "I paid and you still show me as owing money",
            "still being billed for a service I cancelled",
            "the invoice has someone else's name on it",
            "my details are wrong in your system and nobody fixes them",
        ],
        "es_short": ["errores en la factura", "cobro duplicado"],
        "en_short": ["billing errors", "wrong invoice"],
    },
    # -------------------------------------------------------------------------------- price
    "price_too_high": {
        "family": "price",
        "es_note": [
            "considera que la tarifa es muy cara",
            "solicita la baja por el aumento de la cuota mensual",
            "no puede pagar el precio actual",
            "le parece excesivo lo que paga por el plan",
            "el precio subió un 20% y no está dispuesto a pagarlo",
            "el servicio está caro para lo que ofrece",
            "pide un descuento porque la mensualidad es muy alta",
            "la renovación del seguro vino con un alza importante",
        ],
        "es_voice": [
            "me voy porque es muy caro",
            "está carísimo, no me alcanza",
            "cada año suben el precio",
            "pago demasiado por lo que recibo",
            "con la subida de la tarifa ya no me conviene",
            "es un robo lo que cobran al mes",
            "no puedo seguir pagando esa cuota",
            "los precios están por las nubes",
            "la cuota es muy alta para mi presupuesto",
        ],
        "en_note": [
            "customer finds the monthly fee too expensive",
            "cancelling due to the price increase",
            "cannot afford the current rate",
            "thinks the plan is overpriced for what it offers",
            "price went up 20 percent at renewal",
            "requested a discount, says the fee is too high",
            "premium increase at renewal",
        ],
        "en_voice": [
            "it's just too expensive",
            "I can't afford it anymore",
            "you keep raising the price every year",
            "way overpriced for what you get",
            "the new rate is outrageous",
            "paying too much for this",
            "the price hike was the last straw",
        ],
        "es_short": ["precio", "muy caro", "tarifa alta"],
        "en_short": ["price", "too expensive", "high fees"],
    },
    "unexpected_charges": {
        "family": "price",
        "es_note": [
            "le apareció un cargo que no reconoce en la factura",
            "le cobraron una comisión de mantenimiento que nadie le informó",
            "tuvo un cargo por roaming que no esperaba",
            "le aplicaron una penalidad por cancelación anticipada sin avisar",
            "aparecen cobros por servicios adicionales que no contrató",
            "le cobraron la visita técnica que le dijeron que era gratis",
            "le cobran intereses que no estaban en el contrato",
            "la factura trae un cargo extra por el envío en papel",
        ],
        "es_voice": [
            "me llegaron cobros extra que nadie me explicó",
            "me cobran cosas que no contraté",
            "cargos ocultos por todos lados",
            "me cobraron por el soporte técnico que era gratis",
            "apareció una comisión nueva en mi cuenta sin aviso",
            "la letra chica está llena de cobros sorpresa",
            "me cobraron la multa por cancelar antes sin decirme nada",
            "de repente me cobran el envío de la factura",
        ],
        "en_note": [
            "unrecognised charge on the bill",
            "maintenance fee applied without notice",
            "unexpected roaming charges",
            "early termination fee charged without warning",
            "charges for add-on services not ordered",
            "charged for a technician visit described as free",
            "interest charges not in the contract",
        ],
        "en_voice": [
            "hidden fees everywhere",
            "charged for things I never signed up for",
            "a surprise fee appeared on my statement",
            "they charged me for the free installation",
            "nobody told me about the cancellation fee",
            "extra charges I can't explain on every bill",
            "sneaky add-ons on my invoice",
        ],
        "es_short": ["cobros sorpresa", "cargos ocultos", "cobros no informados"],
        "en_short": ["hidden fees", "surprise charges"],
    },
    "competitor_cheaper": {
        "family": "price",
        "es_note": [
            "se cambia a la competencia porque le ofrecen un precio más bajo",
            "otra compañía le ofrece el mismo plan por la mitad",
            "porta su número a otro operador por una oferta más barata",
            "en otro banco no le cobran mantención",
            "la competencia le da tres meses gratis",
            "recibió una contraoferta más económica de otra empresa",
            "se va a un operador low cost",
        ],
        "es_voice": [
            "en otra compañía me cobran menos por lo mismo",
            "me cambio porque la competencia es más barata",
            "me ofrecieron el mismo servicio a mitad de precio en otro lado",
            "me pasé a un operador más económico",
            "en el otro supermercado está todo más barato",
            "el otro banco no cobra comisiones",
            "encontré una oferta mejor de precio con otra empresa",
            "la competencia me regala los primeros meses",
        ],
        "en_note": [
            "switching to a competitor offering a lower price",
            "another provider offers the same plan for half",
            "porting out for a cheaper deal",
            "competitor bank charges no fees",
            "received a cheaper offer from a rival",
            "moving to a budget carrier",
            "competitor gave three months free",
        ],
        "en_voice": [
            "found the same thing cheaper elsewhere",
            "switching because the competition is cheaper",
            "another company offered me a better price",
            "going with a budget provider",
            "your rival offered me half the price",
            "I can get it for less at the other store",
            "got a much cheaper quote from another insurer",
        ],
        "es_short": ["oferta de la competencia", "competencia más barata"],
        "en_short": ["cheaper competitor", "better price elsewhere"],
    },
    # ------------------------------------------------------------------------------ quality
    "product_defect": {
        "family": "quality",
        "es_note": [
            "el equipo llegó con la pantalla rota",
            "el router viene defectuoso de fábrica",
            "el producto dejó de funcionar a la semana",
            "la lavadora hace un ruido raro desde que la instalaron",
            "el celular se reinicia solo",
            "la tarjeta no funciona en los cajeros",
            "la batería dura muy poco",
            "el decodificador se apaga solo",
            "la comida llegó fría y en mal estado",
        ],
        "es_voice": [
            "el aparato vino fallado",
            "se rompió al segundo día de uso",
            "el teléfono se calienta y se apaga",
            "la prenda se descosió con la primera lavada",
            "el producto es de pésima calidad",
            "el control remoto no funciona",
            "me vendieron un equipo defectuoso",
            "el plato estaba crudo",
        ],
        "en_note": [
            "device arrived with a cracked screen",
            "router faulty out of the box",
            "product stopped working after a week",
            "washing machine making a grinding noise",
            "phone keeps rebooting",
            "card not working at ATMs",
            "battery drains very fast",
            "food arrived cold and undercooked",
        ],
        "en_voice": [
            "the thing broke after two days",
            "my new phone overheats and shuts down",
            "poor build quality, it fell apart",
            "the set-top box keeps freezing",
            "the item was faulty when it arrived",
            "the charger doesn't work",
            "the food was terrible",
        ],
        "es_short": ["producto defectuoso", "mala calidad del producto"],
        "en_short": ["faulty product", "poor quality"],
    },
    "outage": {
        "family": "quality",
        "es_note": [
            "sin servicio de internet desde hace tres días",
            "cortes de luz frecuentes en su sector",
            "la señal se cae constantemente",
            "internet muy lento en las noches",
            "la app del banco no funciona y no puede hacer transferencias",
            "caída masiva del servicio en la zona",
            "la velocidad contratada no llega ni a la mitad",
            "microcortes diarios en la fibra",
            "sin agua desde ayer sin aviso",
        ],
        "es_voice": [
            "se me corta el internet todo el tiempo",
            "llevo una semana sin señal",
            "la conexión es malísima",
            "la web se cae cada vez que quiero pagar",
            "no hay cobertura en mi casa",
            "el wifi va lentísimo",
            "otra vez sin luz",
            "la app nunca funciona cuando la necesito",
        ],
        "en_note": [
            "customer without internet for three days",
            "frequent power cuts in the area",
            "signal keeps dropping",
            "very slow speeds in the evening",
            "banking app down, unable to make transfers",
            "area-wide outage",
            "speed well below the contracted rate",
        ],
        "en_voice": [
            "my internet keeps cutting out",
            "no signal at home for a week",
            "the connection is awful",
            "your website crashes every time I try to pay",
            "wifi is painfully slow",
            "another outage, third this month",
            "the app never works when I need it",
        ],
        "es_short": ["caídas del servicio", "mala señal", "cortes"],
        "en_short": ["outages", "unreliable service", "no signal"],
    },
    "competitor_better": {
        "family": "quality",
        "es_note": [
            "se cambia a otra compañía con mejor cobertura",
            "la competencia le ofrece fibra más rápida",
            "otro banco tiene una app mucho mejor",
            "se va a un operador con mejor señal en su zona",
            "la otra empresa incluye más canales y mejor calidad de imagen",
            "le ofrecen mejor servicio técnico en la competencia",
            "se pasa a un proveedor con 5G disponible",
        ],
        "es_voice": [
            "la competencia me ofrece fibra más rápida",
            "me cambio a una empresa que sí tiene cobertura donde vivo",
            "en la otra compañía el internet funciona mejor",
            "me voy al otro banco, su aplicación es mucho mejor",
            "encontré un producto de mejor calidad en otra marca",
            "mi vecino tiene otra compañía y nunca se le corta",
            "el competidor tiene más velocidad por el mismo precio",
            "me pasé a otro proveedor con mejor servicio",
        ],
        "en_note": [
            "switching to a provider with better coverage",
            "competitor offers faster fibre",
            "rival bank has a much better app",
            "moving to a carrier with better signal in the area",
            "competitor includes more channels and better picture quality",
            "leaving for a provider that has 5G",
        ],
        "en_voice": [
            "the competition has faster broadband",
            "switching to a company that actually covers my area",
            "the other provider's service is just better",
            "going to another bank, their app is miles ahead",
            "found a better quality product from another brand",
            "my neighbour's provider never drops, so I'm moving",
            "another network has far better coverage",
        ],
        "es_short": ["mejor producto en la competencia", "competencia con mejor cobertura"],
        "en_short": ["better product elsewhere", "competitor has better coverage"],
    },
    # --------------------------------------------------------------------------------- none
    "none": {
        "family": "none",
        "es_note": [
            "consulta saldo, se resuelve",
            "consulta por horario de atención, se informa",
            "solicita cambio de dirección de envío, realizado",
            "llama para activar su tarjeta, activada ok",
            "pregunta por el precio del plan nuevo, se le informa",
            "consulta sobre tarifas vigentes, se envía información por correo",
            "actualiza sus datos de contacto",
            "solicita copia de la factura, se envía",
            "consulta estado del pedido, en tránsito según lo previsto",
            "agradece la atención",
            "pide información sobre la promoción de verano",
            "cambio de clave realizado sin problemas",
            "solicita la baja por mudanza al extranjero",
            "baja por fallecimiento del titular, familiar presenta certificado",
            "ya no necesita el servicio",
            "se da de baja porque cierra su negocio",
            "reserva confirmada para el sábado",
            "consulta cómo descargar la app, se guía paso a paso",
            "agenda visita de instalación a pedido del cliente",
            "pago registrado correctamente",
            "consulta por cobertura en nueva dirección, sí hay cobertura",
            "solicita factura electrónica",
            "queda satisfecho, caso cerrado",
            "no hubo problemas con la atención, solo una consulta",
            "baja por jubilación, ya no usa la línea de empresa",
            "se da de baja porque la empresa le entrega un teléfono corporativo",
            "consulta si el precio incluye IVA, se aclara",
            "pide el detalle de consumo del mes, se envía",
            "solicita cambio de titular por herencia, se indica documentación",
            "consulta por cuotas sin interés, se explica",
        ],
        "es_voice": [
            "hola, quería saber cuánto debo",
            "me mudo a otro país, por eso cancelo",
            "ya no lo necesito",
            "el titular falleció, quiero dar de baja la línea",
            "me voy a vivir con mis padres y allá ya tienen internet",
            "solo quería confirmar mi cita",
            "gracias, todo perfecto",
            "cuál es el horario de la tienda?",
            "quiero cambiar mi método de pago",
            "cierro la cuenta porque me voy de viaje por un año",
            "ya no uso el auto, por eso cancelo el seguro",
            "lo contraté para un evento y ya terminó",
            "me casé y unificamos los servicios con mi pareja",
            "cuánto cuesta el plan familiar?",
            "muy buena atención, me resolvieron al toque",
            "necesito un certificado de deuda para un trámite",
            "nos vamos de la ciudad por trabajo",
            "mi hijo ya no usa la tablet, cancelo el plan",
            "quiero agregar a mi esposa como adicional",
            "me llegó bien el pedido, gracias",
        ],
        "en_note": [
            "checked account balance, resolved",
            "asked for opening hours, informed",
            "updated delivery address, done",
            "card activation completed",
            "asked about the price of the new plan, information given",
            "requested a copy of the invoice, sent",
            "order status enquiry, in transit as scheduled",
            "thanked the agent for the help",
            "password reset completed without issues",
            "cancellation due to relocation abroad",
            "account closed following the death of the account holder",
            "no longer needs the service",
            "closing the account because the business is shutting down",
            "booking confirmed for Saturday",
            "guided through the app download",
            "installation appointment scheduled at customer's request",
            "payment received and applied",
            "coverage check at new address, available",
            "switched to paperless billing",
            "satisfied, case closed",
            "asked whether the fee includes tax, clarified",
        ],
        "en_voice": [
            "moving abroad",
            "just wanted to check my balance",
            "I don't need it anymore",
            "my father passed away, please close his account",
            "we're moving in with family who already have broadband",
            "can you confirm my appointment?",
            "thanks, all sorted",
            "what time does the store open?",
            "I'd like to change my payment method",
            "retiring, so I no longer need the business line",
            "sold the car, so cancelling the insurance",
            "only needed it for the summer",
            "how much is the family plan?",
            "great service, sorted in minutes",
            "relocating for work",
            "my son went to university and doesn't use it anymore",
            "please add my wife as an authorised user",
        ],
        "es_short": [
            "mudanza",
            "fallecimiento",
            "ya no lo necesita",
            "viaje al extranjero",
            "cierre de negocio",
            "cambio de ciudad",
            "motivos personales",
            "uso ocasional terminado",
        ],
        "en_short": [
            "moving abroad",
            "deceased",
            "no longer needed",
            "relocation",
            "business closed",
            "personal reasons",
            "emigrating",
        ],
    },
}

# A second round of clauses, written after grouped cross-validation (hold out every variant of a
# clause) showed the first round's vocabulary was too narrow for price, quality and none.
MORE: dict[str, dict[str, list[str]]] = {
    "rude": {
        "es_note": [
            "la dependienta le contestó que no era su problema y se dio vuelta",
            "el repartidor le habló con insultos",
            "el personal de caja fue muy pesado con ella",
            "el encargado le respondió de manera burlona",
            "le cerraron la ventanilla en la cara",
        ],
        "es_voice": [
            "me trataron pésimo",
            "me respondieron con desgano y mala cara",
            "el señor de la caja fue un pesado",
            "la atención fue malísima, súper borde",
            "me miraron feo por preguntar",
            "qué mala onda la chica del mesón",
        ],
        "en_note": [
            "driver swore at the customer",
            "clerk shrugged and walked away mid-question",
            "agent laughed at the caller",
        ],
        "en_voice": [
            "the woman at the counter was so nasty",
            "he was rude, dismissive and unpleasant",
            "the delivery guy swore at me",
            "obnoxious staff",
        ],
    },
    "not_listening": {
        "es_note": [
            "el asesor contestaba sin leer el detalle del reclamo",
            "no consideraron que es adulto mayor y vive solo",
            "no le dejaron explicar el contexto, cortaron la conversación",
        ],
        "es_voice": [
            "siento que hablo con una pared",
            "ni me dejaron terminar la frase",
            "les dio igual que estuviera llorando",
            "no prestan atención a lo que uno explica",
        ],
        "en_note": [
            "rep ignored the details in the complaint",
            "no consideration for the elderly customer living alone",
        ],
        "en_voice": [
            "it was like they didn't hear me at all",
            "they didn't even let me finish a sentence",
            "no compassion whatsoever",
        ],
    },
    "blaming_customer": {
        "es_note": ["le insinuaron que había manipulado el medidor", "lo hicieron sentir culpable del corte"],
        "es_voice": [
            "me hicieron sentir que era mi culpa",
            "me dijeron que era problema mío, no de ellos",
            "dicen que yo no sé usar el teléfono",
        ],
        "en_note": [
            "accused the customer of tampering with the meter",
            "agent suggested the customer was exaggerating",
        ],
        "en_voice": ["they made it sound like it was all my fault", "was told it's user error, it's not"],
    },
    "scripted_refusal": {
        "es_note": [
            "la respuesta del correo es una plantilla genérica que no responde nada",
            "la asesora solo repetía lo lamento, lo lamento",
        ],
        "es_voice": [
            "te contestan con frases hechas",
            "mucha disculpa y cero solución",
            "me dijeron que comprenden mi frustración y ahí quedó",
        ],
        "en_note": [
            "boilerplate reply, nothing specific to the case",
            "agent only repeated I'm sorry for your experience",
        ],
        "en_voice": ["lots of sorry, zero solutions", "they just recite the same speech every time"],
    },
    "impersonal": {
        "es_note": [
            "el asesor lo trató como un número más",
            "lo atendieron sin mirarlo ni saludarlo, solo por el rut",
            "no usaron su nombre en ningún momento",
        ],
        "es_voice": [
            "me siento un número más para ustedes",
            "ni me saludaron, solo querían el número de contrato",
            "la atención es fría, mecánica",
            "tantos años de cliente y me tratan como un desconocido",
        ],
        "en_note": ["agent never used the customer's name", "treated as just another number"],
        "en_voice": [
            "I feel like just another number",
            "very cold and mechanical service",
            "they only wanted my reference number, not even a greeting",
        ],
    },
    "lack_of_knowledge": {
        "es_note": [
            "el asesor tuvo que consultar todo y no dio una respuesta clara",
            "le dieron un dato incorrecto sobre el plazo de la garantía",
        ],
        "es_voice": [
            "no sabían responder una pregunta básica",
            "la persona no conocía ni los planes que ofrecen",
            "me dieron mal la información",
        ],
        "en_note": ["rep unsure of the basic terms", "agent gave the wrong deadline for the warranty claim"],
        "en_voice": [
            "they couldn't answer a basic question",
            "got misinformed by the staff",
            "staff clearly not trained",
        ],
    },
    "aggressive_selling": {
        "es_note": [
            "el asesor le ofreció tres productos antes de escuchar el reclamo",
            "recibe mensajes comerciales a diario aunque pidió la baja de publicidad",
        ],
        "es_voice": [
            "no paran de llamarme para venderme cosas",
            "me quisieron encajar un seguro",
            "en la tienda me presionaron para llevar el plan más caro",
        ],
        "en_note": [
            "agent pitched three products before hearing the complaint",
            "constant marketing calls despite opt-out",
        ],
        "en_voice": [
            "they just kept trying to sell me stuff",
            "the sales pressure was unbearable",
            "they tried to push a pricier package on me",
        ],
    },
    "policy_refusal": {
        "es_note": [
            "no se acepta la devolución porque pasó el plazo de 10 días por un día",
            "por reglamento no pueden cambiar el asiento",
            "no se permite pagar en efectivo según normativa interna",
        ],
        "es_voice": [
            "la norma no lo permite, me repetían",
            "por protocolo no pueden hacer nada",
            "no me dejaron cambiarlo por un tema de política",
        ],
        "en_note": ["return refused, one day past the policy window", "procedure does not permit the change"],
        "en_voice": [
            "their policy doesn't allow it, apparently",
            "they hid behind the rules",
            "not permitted by protocol, they said",
        ],
    },
    "handoff": {
        "es_note": [
            "lo derivan a la mesa de ayuda que lo devuelve a la tienda",
            "el caso pasó por cuatro áreas sin que nadie lo tomara",
        ],
        "es_voice": [
            "me derivaron a otro departamento y ahí me cortaron",
            "nadie es responsable, siempre es otra área",
            "me pasan de uno a otro",
        ],
        "en_note": [
            "routed to the help desk, which sent him back to the store",
            "case went through four teams, no owner",
        ],
        "en_voice": [
            "I was shuffled from one person to another",
            "always another department's job",
            "they transferred my call again and again",
        ],
    },
    "repeat_contact": {
        "es_note": ["vuelve a llamar porque el arreglo no funcionó", "segundo reclamo por lo mismo este mes"],
        "es_voice": ["tengo que llamar cada mes por lo mismo", "volví a reclamar porque sigue igual"],
        "en_note": [
            "calling again, previous fix did not hold",
            "second complaint this month about the same thing",
        ],
        "en_voice": ["I have to chase this every single month", "complained again because nothing changed"],
    },
    "long_wait": {
        "es_note": [
            "estuvo horas en espera telefónica",
            "demoras excesivas en caja",
            "lo dejaron en espera y nunca volvieron",
        ],
        "es_voice": [
            "horas esperando que alguien conteste",
            "una demora tremenda para que me atendieran",
            "la espera fue interminable",
        ],
        "en_note": ["hours on hold", "customer left on hold and never picked up again"],
        "en_voice": ["hours waiting for someone to pick up", "the wait was unbearable"],
    },
    "broken_promise": {
        "es_note": ["el técnico quedó de venir y no apareció", "no cumplieron el plazo de entrega"],
        "es_voice": [
            "nunca llegó lo que me prometieron",
            "me dejaron plantado con la visita",
            "el envío nunca llegó en la fecha",
        ],
        "en_note": ["engineer did not turn up as promised", "delivery date not met"],
        "en_voice": ["they never delivered what they promised", "stood up by the technician again"],
    },
    "no_follow_up": {
        "es_note": [
            "nadie lo llamó para cerrar el reclamo",
            "el caso sigue pendiente, nadie le informa nada",
            "sin respuesta de la empresa desde hace semanas",
        ],
        "es_voice": ["nadie me respondió", "nunca me contestaron el reclamo", "se olvidaron de mi caso"],
        "en_note": ["no update given on pending case", "no response from the company for weeks"],
        "en_voice": ["nobody replied", "they forgot about my case", "no one ever answered my complaint"],
    },
    "escalation_blocked": {
        "es_note": ["no le permitieron hablar con el jefe", "la gerencia no atiende reclamos"],
        "es_voice": ["nunca pude hablar con alguien que decida", "el supervisor nunca me atendió"],
        "en_note": ["request to speak to a manager refused", "management not reachable"],
        "en_voice": [
            "never got to speak with anyone in charge",
            "the supervisor would not come to the phone",
        ],
    },
    "billing_error": {
        "es_note": [
            "la boleta viene con un consumo que no corresponde",
            "error en el cobro de la cuota",
            "el contrato quedó con datos equivocados",
            "le cobraron un mes que ya había pagado",
        ],
        "es_voice": [
            "otra vez mal la factura",
            "me cobraron un mes que ya pagué",
            "la cuenta viene con un monto que no es",
            "hicieron mal el trámite y tuve que repetirlo",
        ],
        "en_note": [
            "invoice shows usage that is not the customer's",
            "charged for a month already paid",
            "contract set up with wrong details",
        ],
        "en_voice": [
            "the bill is wrong, again",
            "charged me for a month I already paid",
            "they messed up my paperwork",
        ],
    },
    "price_too_high": {
        "es_note": [
            "le subieron la mensualidad sin mejorar el servicio",
            "el plan le sale muy caro",
            "no le alcanza para pagar la cuota",
            "considera abusivo el precio",
            "encuentra cara la renovación",
            "el costo mensual le parece excesivo",
            "tras el reajuste la tarifa quedó muy alta",
            "dice que no vale lo que cuesta",
        ],
        "es_voice": [
            "muy caro para lo que es",
            "no puedo pagar tanto",
            "subieron la cuota otra vez",
            "es demasiada plata al mes",
            "el precio no tiene sentido",
            "es carísimo",
            "me sale muy caro el plan",
            "cobran una barbaridad",
            "no vale lo que cuesta",
            "con el reajuste quedó impagable",
        ],
        "en_note": [
            "monthly fee increased with no improvement",
            "plan too costly for the customer",
            "says it is not worth the money",
            "renewal quote too high",
            "cost is excessive per customer",
        ],
        "en_voice": [
            "way too expensive",
            "can't justify the cost",
            "not worth the money",
            "the monthly cost is crazy",
            "too pricey",
            "prices keep going up",
            "costs too much",
            "I'm paying a fortune",
        ],
    },
    "unexpected_charges": {
        "es_note": [
            "le cobraron un recargo que no figuraba en el contrato",
            "aparece un cobro desconocido",
            "le cargaron una tarifa de activación no informada",
            "le aplicaron un cobro por pago atrasado injustificado",
            "hay un cargo adicional por servicios que no usa",
        ],
        "es_voice": [
            "me aparece un cobro que no sé qué es",
            "me cobraron un recargo sin avisar",
            "cobros que no estaban en lo que firmé",
            "me salió un cargo adicional de la nada",
            "me están cobrando un extra que nunca pedí",
            "me cobran por cosas que no uso",
        ],
        "en_note": [
            "surcharge not listed in the contract",
            "unknown charge appeared",
            "activation fee not disclosed",
        ],
        "en_voice": [
            "there's a charge I don't recognise",
            "they slapped on a fee without telling me",
            "an extra charge out of nowhere",
            "charging me for stuff I don't use",
            "surprise surcharge on my bill",
        ],
    },
    "competitor_cheaper": {
        "es_note": [
            "le ofrecen una tarifa menor en otra compañía",
            "se cambia por precio a la competencia",
            "tiene una oferta más conveniente de otro proveedor",
            "otra empresa le cobra la mitad",
        ],
        "es_voice": [
            "en la competencia pago menos",
            "me salió más barato en otra empresa",
            "me voy con otros que cobran menos",
            "otra compañía me ofreció mejor precio",
            "encontré algo más económico",
            "me hicieron una oferta más barata en otra parte",
        ],
        "en_note": [
            "competitor quoted a lower rate",
            "leaving for a cheaper provider",
            "another company charges half",
        ],
        "en_voice": [
            "cheaper with another provider",
            "I found a better deal elsewhere",
            "the other company is cheaper",
            "going where it costs less",
            "switching to a cheaper plan with another carrier",
        ],
    },
    "product_defect": {
        "es_note": [
            "el equipo presenta fallas de fábrica",
            "el modem se recalienta y se reinicia",
            "el refrigerador no enfría",
            "la impresora se traba con cada hoja",
            "las zapatillas se despegaron en un mes",
            "el auto nuevo tiene una falla en el motor",
            "el notebook no enciende",
            "el mueble llegó con piezas rotas",
            "la cafetera gotea",
            "el producto vino dañado",
            "la tarjeta tiene el chip dañado",
            "el televisor tiene manchas en la pantalla",
        ],
        "es_voice": [
            "el equipo no sirve",
            "la calidad es malísima, se rompió al toque",
            "el celular que me vendieron viene malo",
            "la pantalla se pone negra",
            "el producto vino malo",
            "se echó a perder a la semana",
            "la mercadería llegó dañada",
            "se quemó el cargador",
            "la comida vino en mal estado",
            "el pan estaba duro y viejo",
            "la pieza vino defectuosa",
            "dejó de funcionar de un día para otro",
        ],
        "en_note": [
            "unit has a manufacturing fault",
            "modem overheats and restarts",
            "fridge not cooling",
            "printer jams on every page",
            "laptop will not power on",
            "furniture arrived with broken parts",
            "item damaged on arrival",
            "tv has dead pixels",
        ],
        "en_voice": [
            "the product is junk",
            "it broke within a week",
            "arrived damaged",
            "doesn't work at all",
            "the screen goes black",
            "cheap, badly made product",
            "the meal was cold and stale",
            "stopped working out of nowhere",
            "defective item",
        ],
    },
    "outage": {
        "es_note": [
            "se corta la luz varias veces por semana",
            "el servicio está caído desde el lunes",
            "la fibra se desconecta a cada rato",
            "no hay señal en el sector",
            "intermitencia en el servicio de internet",
            "la plataforma web no carga",
            "el cajero automático siempre está fuera de servicio",
            "sin gas desde hace dos días",
            "la televisión se congela por fallas de señal",
            "la velocidad es muy baja",
        ],
        "es_voice": [
            "el internet es un desastre, se cae todos los días",
            "no tengo señal ni en el living",
            "la página nunca funciona",
            "me quedo sin servicio cada dos por tres",
            "la conexión es lentísima",
            "el servicio es inestable",
            "se cortó la luz de nuevo",
            "la señal es pésima",
            "la app se cae todo el rato",
            "las llamadas se cortan por falta de señal",
        ],
        "en_note": [
            "service down since Monday",
            "fibre disconnects constantly",
            "no signal in the area",
            "intermittent internet service",
            "website will not load",
            "atm always out of service",
            "tv freezing due to signal issues",
        ],
        "en_voice": [
            "the internet is a joke, it drops every day",
            "no service half the time",
            "the site never works",
            "super slow connection",
            "calls keep dropping",
            "the app crashes all the time",
            "the service is unreliable",
            "constant power outages",
        ],
    },
    "competitor_better": {
        "es_note": [
            "otra compañía le ofrece más velocidad",
            "se va a la competencia por mejor calidad",
            "en otro operador tiene cobertura en su casa",
            "la competencia tiene mejores productos",
            "prefiere el servicio de otra empresa",
            "otro banco le ofrece mejores beneficios y mejor app",
        ],
        "es_voice": [
            "en otro lado el servicio es mucho mejor",
            "la otra empresa funciona mejor",
            "me cambio a una compañía con mejor internet",
            "los de la competencia tienen mejor calidad",
            "otro operador tiene mejor señal",
            "me voy a un proveedor que sí funciona",
        ],
        "en_note": [
            "competitor offers higher speeds",
            "leaving for better quality elsewhere",
            "another operator covers the customer's home",
        ],
        "en_voice": [
            "the competition's product is better",
            "another company's service works much better",
            "moving to a provider with better internet",
            "the other network actually has signal",
            "better quality elsewhere",
        ],
    },
    "none": {
        "es_note": [
            "consulta por el monto a pagar este mes, se informa",
            "solicita certificado de cliente, se emite",
            "cambio de plan solicitado por el cliente, realizado",
            "consulta por requisitos para abrir cuenta",
            "cliente confirma recepción del equipo",
            "llama para saber la fecha de vencimiento, se indica",
            "solicita boleta duplicada",
            "quiere saber cuánto sale el plan de 500 megas, se informa",
            "informa cambio de correo electrónico",
            "pide dar de baja por viaje largo",
            "cliente se cambia de casa a otra región",
            "consulta por horarios de la sucursal",
            "se le explica cómo pagar por la web, entiende",
            "solicita la portabilidad de entrada, en curso",
            "pregunta por el estado de su solicitud, en curso dentro de plazo",
            "agradece la rapidez de la atención",
            "solicita información de seguros de viaje",
            "registra nuevo beneficiario",
            "se agenda retiro de equipo por baja voluntaria",
            "baja por fusión de cuentas con su pareja",
            "cliente fallecido, se procede con la baja",
            "no presenta reclamos, solo consulta",
            "se explica el detalle de la factura y queda conforme",
            "consulta por descuento para estudiantes, se informa",
            "confirma la dirección de entrega",
        ],
        "es_voice": [
            "quería saber cuándo vence mi factura",
            "me cambio de ciudad",
            "necesito la boleta del mes pasado",
            "cuánto sale el plan de 500 megas?",
            "quiero cancelar porque me voy a vivir afuera",
            "mi mamá falleció y quiero cerrar su cuenta",
            "ya no ocupo la línea",
            "excelente atención, gracias",
            "quiero actualizar mi dirección",
            "me voy al extranjero por estudios",
            "dejé de trabajar desde casa y no necesito el plan",
            "todo bien, solo una consulta",
            "cómo puedo pagar en línea?",
            "tengo una duda sobre mi contrato",
            "la atención fue muy buena",
            "quiero saber si tienen descuento para estudiantes",
            "me voy a vivir al campo",
            "ya compré mi propia casa con internet incluido en el condominio",
            "cerramos la oficina",
        ],
        "en_note": [
            "asked for the amount due this month, informed",
            "certificate of account issued",
            "plan change requested by customer, done",
            "enquired about requirements to open an account",
            "confirmed receipt of equipment",
            "asked for the due date, given",
            "duplicate invoice requested",
            "asked how much the 500 Mb plan costs, informed",
            "email address updated",
            "moving to another state",
            "asked about branch hours",
            "explained how to pay online, understood",
            "number port-in in progress",
            "status of request checked, within normal timeframe",
            "thanked us for the quick help",
            "new beneficiary added",
            "equipment pick-up scheduled after voluntary cancellation",
            "account holder deceased, closure processed",
            "no complaint, just a question",
            "bill explained, customer happy",
        ],
        "en_voice": [
            "when is my bill due?",
            "I'm moving to another city",
            "need last month's invoice",
            "how much is the 500 Mb plan?",
            "cancelling because I'm moving overseas",
            "my mother died and I need to close her account",
            "I don't use the line anymore",
            "excellent service, thank you",
            "I want to update my address",
            "going abroad to study",
            "no longer working from home so I don't need it",
            "all good, just a question",
            "how do I pay online?",
            "quick question about my contract",
            "lovely service",
            "do you have a student discount?",
            "the new flat includes internet",
        ],
    },
}

# A third round: more industries and plain words (costo, valor, falla, señal), and more reasons
# for leaving that are not service failures.
MORE2: dict[str, dict[str, list[str]]] = {
    "rude": {
        "es_note": [
            "la promotora le respondió con ironía y le dio la espalda",
            "el conductor le cerró la puerta del bus en la cara",
        ],
        "es_voice": ["me ningunearon", "me hablaron como si fuera tonto", "el trato fue humillante"],
        "en_note": [
            "staff member was insulting and aggressive",
            "agent ended the chat abruptly without a word",
        ],
        "en_voice": [
            "they made me feel humiliated",
            "the manager at the till was downright nasty",
            "so impolite",
        ],
    },
    "not_listening": {
        "es_note": [
            "el asesor insistía con la misma solución que ya había fallado",
            "no leyeron los antecedentes que envió",
        ],
        "es_voice": ["les repito lo mismo y no entienden", "mi situación les dio lo mismo"],
        "en_note": [
            "advisor kept offering the same fix the customer had already tried",
            "did not read the history sent",
        ],
        "en_voice": ["I repeat myself and they still don't get it", "nobody cared about my situation"],
    },
    "blaming_customer": {
        "es_note": [
            "el ejecutivo le dijo que debió leer las condiciones",
            "le respondieron que el daño fue por mal uso sin revisar el equipo",
        ],
        "es_voice": ["me dijeron que fue por mal uso mío", "como siempre, el cliente tiene la culpa"],
        "en_note": [
            "rep said damage was due to misuse without inspecting",
            "told the client he should have read the conditions",
        ],
        "en_voice": ["they said it was misuse on my part", "as usual the customer gets blamed"],
    },
    "scripted_refusal": {
        "es_note": [
            "el asesor se disculpó de forma mecánica y no ofreció nada",
            "le contestaron con un mensaje estándar",
        ],
        "es_voice": ["puro discurso aprendido", "me contestaron un mensaje estándar que no dice nada"],
        "en_note": [
            "agent apologised mechanically and offered nothing",
            "standard message sent, issue not addressed",
        ],
        "en_voice": ["pure rehearsed speech", "a standard message that says nothing"],
    },
    "impersonal": {
        "es_note": [
            "en la carta lo identifican solo con el número de póliza",
            "nadie se identificó durante la atención",
        ],
        "es_voice": ["me identifican con un código, no con mi nombre", "atención sin calidez"],
        "en_note": ["letter identified the customer only by policy number", "staff never gave their names"],
        "en_voice": ["they know me by a code, not by my name", "no warmth at all"],
    },
    "lack_of_knowledge": {
        "es_note": [
            "el asesor no supo responder si el plan incluía roaming",
            "la vendedora confundió los productos",
        ],
        "es_voice": ["el técnico no sabía lo que hacía", "me explicaron mal cómo funcionaba el plan"],
        "en_note": [
            "rep could not say whether the plan included roaming",
            "sales staff mixed up the products",
        ],
        "en_voice": ["the technician had no clue what he was doing", "they explained the plan wrong"],
    },
    "aggressive_selling": {
        "es_note": [
            "le ofrecieron un crédito de consumo en medio de su reclamo",
            "la llamada de retención se convirtió en venta de productos",
        ],
        "es_voice": ["solo les interesa vender", "me insistieron hasta el cansancio con una promoción"],
        "en_note": ["loan offered in the middle of a complaint", "retention call turned into a sales pitch"],
        "en_voice": ["they only care about selling", "they pushed a promotion until I gave up"],
    },
    "policy_refusal": {
        "es_note": [
            "no le permitieron la excepción por reglamento interno",
            "según política no se aceptan pagos parciales",
        ],
        "es_voice": ["me dijeron que no estaba permitido", "son muy rígidos con las reglas"],
        "en_note": ["exception refused under internal rules", "partial payments not accepted by policy"],
        "en_voice": ["they said it wasn't permitted", "so rigid with their rules"],
    },
    "handoff": {
        "es_note": ["lo enviaron a otro canal de atención", "le pidieron llamar a otra línea"],
        "es_voice": ["me mandaban de un lado para otro", "me dieron tres números distintos para llamar"],
        "en_note": ["sent to a different channel", "asked to call another line"],
        "en_voice": ["they sent me from pillar to post", "gave me three different numbers to call"],
    },
    "repeat_contact": {
        "es_note": ["nuevamente reclama por la misma falla", "múltiples contactos por el mismo motivo"],
        "es_voice": ["vuelvo a escribir por lo mismo de siempre", "ya reclamé varias veces"],
        "en_note": ["again complaining about the same fault", "multiple contacts for the same reason"],
        "en_voice": ["writing again about the same old problem", "I've complained several times already"],
    },
    "long_wait": {
        "es_note": ["largo tiempo en espera sin ser atendido", "la cola de atención superó la hora"],
        "es_voice": ["tuve que esperar muchísimo", "te hacen esperar siglos"],
        "en_note": ["long time waiting without being served", "queue time exceeded an hour"],
        "en_voice": ["had to wait so long", "they keep you waiting for ages"],
    },
    "broken_promise": {
        "es_note": ["no se concretó la visita comprometida", "el despacho comprometido no se realizó"],
        "es_voice": ["me fallaron con la fecha", "me prometieron que estaría listo y no lo estaba"],
        "en_note": ["committed visit did not take place", "promised dispatch never happened"],
        "en_voice": ["they let me down on the date", "promised it would be ready and it wasn't"],
    },
    "no_follow_up": {
        "es_note": ["nadie dio respuesta a la solicitud ingresada", "el reclamo nunca fue respondido"],
        "es_voice": ["nunca más supe de ellos", "no tuve respuesta de nadie"],
        "en_note": ["request submitted, no response given", "complaint never answered"],
        "en_voice": ["never heard from them again", "got no reply from anyone"],
    },
    "escalation_blocked": {
        "es_note": [
            "no había encargado en el local para autorizar",
            "solicitó reclamar a gerencia y no le dieron el contacto",
        ],
        "es_voice": ["pedí un supervisor y nada", "no hay forma de hablar con un jefe"],
        "en_note": [
            "no one in charge on site to authorise",
            "asked to complain to management, no contact given",
        ],
        "en_voice": ["asked for a supervisor, got nothing", "no way to speak to a boss"],
    },
    "billing_error": {
        "es_note": [
            "le cobraron un monto mayor por error del sistema",
            "la factura tiene un error en el cálculo",
        ],
        "es_voice": ["me llegó una cuenta equivocada", "se equivocaron en el cobro"],
        "en_note": ["overcharged due to a system error", "calculation error on the invoice"],
        "en_voice": ["got a wrong bill", "they got the charge wrong"],
    },
    "price_too_high": {
        "es_note": [
            "no puede costear el plan",
            "pide rebaja de la tarifa, la considera alta",
            "el valor de la póliza subió demasiado",
            "encuentra muy caros los productos",
            "el precio de la suscripción aumentó",
            "dice que es el servicio más caro del mercado",
        ],
        "es_voice": [
            "se me hace muy caro",
            "no pago más esa cantidad",
            "el precio subió demasiado",
            "mucho dinero por un servicio básico",
            "el valor mensual es abusivo",
            "sale carísimo",
            "no puedo costearlo",
            "demasiado caro todo",
            "está muy cara la cuenta",
            "pagar tanto no tiene sentido",
        ],
        "en_note": [
            "can't afford the plan",
            "asks for a lower rate, finds it high",
            "policy premium rose too much",
            "finds the products very expensive",
            "subscription price increased",
        ],
        "en_voice": [
            "it costs way too much",
            "not paying that much anymore",
            "too much money for a basic service",
            "the monthly price is a rip-off",
            "so expensive",
            "can't afford the fees",
            "overpriced",
        ],
        "es_short": ["caro", "costo elevado", "precio alto", "no lo puedo pagar"],
        "en_short": ["cost", "expensive", "overpriced", "affordability"],
    },
    "unexpected_charges": {
        "es_note": [
            "le cobraron un servicio de asistencia que no solicitó",
            "aparece un cargo por seguro no contratado",
            "la cuenta trae un cobro de reconexión no explicado",
            "le cobraron comisión por un pago que creía gratuito",
        ],
        "es_voice": [
            "me cobraron algo que nunca pedí",
            "aparecen cargos raros en la cuenta",
            "un cobro que nadie me explicó",
            "me cobraron comisión sin decirme",
            "me cobran un seguro que no contraté",
        ],
        "en_note": [
            "charged for an assistance service not requested",
            "insurance charge not taken out by customer",
            "unexplained reconnection charge",
            "commission on a payment thought to be free",
        ],
        "en_voice": [
            "charged for something I never asked for",
            "weird charges on my account",
            "a fee nobody explained",
            "they charged a commission without telling me",
        ],
        "es_short": ["cargos no autorizados", "cobros extra"],
        "en_short": ["extra fees", "unexpected charges"],
    },
    "competitor_cheaper": {
        "es_note": [
            "la otra empresa le cobra menos por el mismo servicio",
            "se va por una promoción más barata de otra compañía",
            "compara y la competencia es más económica",
        ],
        "es_voice": [
            "la otra compañía es más barata",
            "en otro lado me sale más a cuenta",
            "me cambio por una oferta más barata",
            "me voy donde me cobren menos",
        ],
        "en_note": [
            "other company charges less for the same service",
            "leaving for a cheaper promotion elsewhere",
        ],
        "en_voice": [
            "the other company is cheaper",
            "better value elsewhere",
            "moving for a cheaper offer",
            "I'll go where they charge less",
        ],
        "es_short": ["precio de la competencia", "oferta más barata"],
        "en_short": ["cheaper elsewhere", "competitor price"],
    },
    "product_defect": {
        "es_note": [
            "el aire acondicionado no funciona desde la instalación",
            "la aspiradora perdió potencia al mes",
            "la ropa llegó con fallas de costura",
            "el vehículo presenta problemas mecánicos repetidos",
            "el tablet no carga",
            "los audífonos tienen falla de audio",
            "el medicamento venía vencido",
            "el equipo tiene una falla de hardware",
        ],
        "es_voice": [
            "el producto salió malo",
            "el artículo llegó roto",
            "mala calidad, se desarmó",
            "el parlante suena mal",
            "la comida estaba mala",
            "el equipo se traba todo el tiempo",
            "se descompuso enseguida",
            "el aparato no prende",
        ],
        "en_note": [
            "air conditioner not working since installation",
            "vacuum cleaner lost suction after a month",
            "clothes arrived with stitching faults",
            "vehicle has repeated mechanical problems",
            "tablet will not charge",
            "headphones have an audio fault",
            "hardware fault on the device",
        ],
        "en_voice": [
            "the product turned out bad",
            "the item arrived broken",
            "bad quality, it came apart",
            "the speaker sounds awful",
            "the food was off",
            "the device keeps freezing",
            "it won't turn on",
        ],
        "es_short": ["falla del producto", "equipo malo", "producto de mala calidad"],
        "en_short": ["product defect", "broken item", "bad product"],
    },
    "outage": {
        "es_note": [
            "la conexión se interrumpe a diario",
            "el servicio de cable no tiene señal",
            "la red móvil no funciona en su comuna",
            "el portal de pagos está fuera de línea",
            "la señal de celular es muy débil en su casa",
            "hay cortes de agua frecuentes",
        ],
        "es_voice": [
            "se me cae la señal",
            "no funciona el servicio",
            "la red es pésima",
            "la página está caída",
            "el internet funciona cuando quiere",
            "me quedo sin datos móviles a cada rato",
            "no tengo conexión",
        ],
        "en_note": [
            "connection drops daily",
            "cable service has no signal",
            "mobile network down in the district",
            "payments portal offline",
            "weak mobile signal at home",
            "frequent water supply cuts",
        ],
        "en_voice": [
            "my signal keeps dropping",
            "the service doesn't work",
            "the network is terrible",
            "the website is down",
            "the internet works when it feels like it",
            "no connection again",
        ],
        "es_short": ["mala conexión", "servicio inestable", "sin servicio"],
        "en_short": ["bad connection", "service down", "constant outages"],
    },
    "competitor_better": {
        "es_note": [
            "la competencia ofrece mejor calidad de servicio",
            "otra empresa le da mejor cobertura en el trabajo",
            "se cambió a un banco con mejor plataforma",
        ],
        "es_voice": [
            "la competencia es mejor",
            "me fui a una empresa con mejor señal",
            "otra compañía me da mejor servicio",
            "el producto de la competencia es superior",
        ],
        "en_note": [
            "competitor provides better service quality",
            "another company has better coverage at work",
            "moved to a bank with a better platform",
        ],
        "en_voice": [
            "the competition is better",
            "went to a company with better signal",
            "another company gives me better service",
            "the competitor's product is superior",
        ],
        "es_short": ["mejor servicio en otra empresa", "competencia con mejor calidad"],
        "en_short": ["better service elsewhere", "better quality competitor"],
    },
    "none": {
        "es_note": [
            "se explica cómo usar el descuento, queda claro",
            "activa el débito automático",
            "consulta por la entrega de su tarjeta nueva, se informa fecha",
            "cotiza un seguro de hogar",
            "solicita información para contratar internet en su casa nueva",
            "solicita el código de portabilidad",
            "pide hablar de su contrato, se aclaran dudas",
            "solicita suspensión temporal por viaje, se gestiona",
            "consulta el valor de la cuota del crédito, se informa",
            "se registra cambio de domicilio",
            "cliente deja sugerencia de ampliar el horario",
            "pregunta cuánto cobran por el envío, se informa",
            "consulta si hay costo por cambiar de plan, se indica que no",
            "cliente felicita al técnico",
            "agendó hora para retirar el equipo",
            "baja solicitada por cese de actividad comercial",
            "baja por traslado fuera del país",
            "se dio de baja porque ya no tiene auto",
        ],
        "es_voice": [
            "qué documentos necesito para cambiar el titular?",
            "me pueden enviar la factura por correo?",
            "cuánto sale agregar una línea?",
            "quiero contratar el plan de fibra",
            "me llegó todo bien",
            "les quería agradecer la buena atención",
            "necesito saber mi número de cliente",
            "quiero suspender el servicio mientras viajo",
            "me cambio de región por trabajo",
            "mi papá murió y hay que cerrar sus cuentas",
            "ya no lo uso",
            "mis hijos se fueron de la casa",
            "me regalaron un plan en el trabajo",
            "vendí el local",
            "gracias, muy amables",
            "cuál es el precio del plan básico?",
            "la atención estuvo excelente",
        ],
        "en_note": [
            "explained how to use the discount, understood",
            "direct debit set up",
            "asked when the new card will arrive, date given",
            "quote requested for home insurance",
            "asked about internet for the new house",
            "porting code requested",
            "temporary suspension for travel, arranged",
            "asked for the loan instalment amount, informed",
            "change of address recorded",
            "left a suggestion to extend opening hours",
            "asked how much delivery costs, informed",
            "asked whether changing plan has a cost, told no",
            "complimented the technician",
            "cancelled due to ceasing trading",
            "cancelled because moving out of the country",
        ],
        "en_voice": [
            "which documents do I need to change the account holder?",
            "can you email me the invoice?",
            "how much to add a line?",
            "I'd like to sign up for fibre",
            "everything arrived fine",
            "just wanted to thank you for the help",
            "what's my customer number?",
            "I want to pause the service while I travel",
            "moving to another region for work",
            "my dad died and we need to close his accounts",
            "don't use it any more",
            "the kids moved out",
            "my employer gives me a phone now",
            "sold the shop",
            "thanks, very kind",
            "what's the price of the basic plan?",
        ],
        "es_short": [
            "traslado al extranjero",
            "defunción",
            "no lo usa",
            "cambio de residencia",
            "jubilación",
            "cierre de empresa",
            "fin de contrato de trabajo",
            "ya tiene el servicio por otra vía",
        ],
        "en_short": [
            "moved overseas",
            "death of account holder",
            "not using it",
            "change of residence",
            "retired",
            "closed business",
            "service provided by employer",
        ],
    },
}

# A fourth round: the reasons and requests that are not failures are the most varied text of all.
MORE3: dict[str, dict[str, list[str]]] = {
    "none": {
        "es_note": [
            "consulta dirección de la sucursal más cercana, se indica",
            "pide requisitos para solicitar un crédito, se envían",
            "consulta por puntos acumulados, se informa saldo",
            "solicita cartola de movimientos, se envía",
            "pregunta por cobertura del seguro ante robo, se explica",
            "consulta cómo cambiar la clave wifi, se guía",
            "cliente pide cotización para plan empresa",
            "solicita cambiar la fecha de pago, realizado",
            "solicita agregar un adicional a su tarjeta, ok",
            "consulta si el pedido llega antes del viernes, se confirma",
            "reagenda la visita por motivos personales",
            "consulta por la devolución de impuestos, se orienta",
            "titular informa cambio de número de celular",
            "se confirma la recepción del pago",
            "cliente comenta que todo funciona correctamente",
            "se entrega clave provisoria",
            "llamado de cortesía, cliente conforme",
            "consulta por requisitos de portabilidad, se explica",
            "solicita información de planes de salud",
            "retira su pedido en tienda sin novedad",
            "solicita constancia de pago para su empleador",
            "consulta si hay sucursal abierta el domingo",
            "traslado del servicio al nuevo domicilio, se agenda",
            "baja por cambio de residencia a otro país",
            "se da de baja por separación, la cuenta queda a nombre de la pareja",
            "baja por ingreso a residencia de adultos mayores",
            "baja por unificación de cuentas duplicadas",
            "baja porque terminó sus estudios y vuelve a su ciudad",
            "titular fallecido, hija solicita cierre",
            "se informa el precio del cambio de plan y el cliente decide pensarlo",
        ],
        "es_voice": [
            "dónde queda la sucursal más cercana?",
            "qué necesito para pedir un crédito?",
            "cuántos puntos tengo?",
            "me pueden mandar la cartola?",
            "cómo cambio la clave del wifi?",
            "quiero agregar un adicional",
            "el pedido llega antes del viernes?",
            "necesito cambiar la hora de la visita",
            "todo funciona bien, gracias",
            "muchas gracias por la rapidez",
            "quería felicitar al técnico que vino, muy amable",
            "me quiero llevar el servicio a mi casa nueva",
            "me voy a vivir a otro país",
            "me separé y la cuenta la sigue mi ex",
            "mi abuela se fue a un hogar y ya no usa el teléfono",
            "terminé la universidad y me devuelvo a mi ciudad",
            "tenía dos cuentas y quiero dejar una sola",
            "lo voy a pensar, gracias por la información",
            "hola, tienen atención el fin de semana?",
            "súper, quedó listo",
            "perfecto, muchas gracias por todo",
            "buena atención del personal",
            "necesito un comprobante de pago para mi trabajo",
            "hay descuentos para adultos mayores?",
        ],
        "en_note": [
            "asked for the nearest branch address, given",
            "requested loan requirements, sent",
            "asked for points balance, informed",
            "statement of transactions requested, sent",
            "asked about theft cover, explained",
            "guided through changing the wifi password",
            "quote requested for a business plan",
            "changed payment date, done",
            "additional cardholder added",
            "confirmed the order arrives before Friday",
            "rescheduled the visit for personal reasons",
            "customer reports everything working fine",
            "temporary password issued",
            "courtesy call, customer happy",
            "collected the order in store, no issues",
            "proof of payment requested for employer",
            "service moved to the new address, scheduled",
            "cancelled due to moving to another country",
            "cancelled after separation, account kept by partner",
            "closing after moving into a care home",
            "duplicate accounts merged",
            "account holder deceased, daughter requests closure",
            "quoted the price of the plan change, customer will think about it",
        ],
        "en_voice": [
            "where's the nearest branch?",
            "what do I need to apply for a loan?",
            "how many points do I have?",
            "can you send me my statement?",
            "how do I change the wifi password?",
            "I'd like to add a cardholder",
            "will my order arrive before Friday?",
            "I need to move the appointment",
            "everything works fine, thanks",
            "thanks so much for being so quick",
            "wanted to praise the engineer who came, very polite",
            "I'd like to move my service to my new home",
            "moving to another country",
            "we separated and my ex is keeping the account",
            "my gran moved into a care home",
            "finished uni and moving back home",
            "I had two accounts and want to keep just one",
            "I'll think about it, thanks for the info",
            "are you open at weekends?",
            "great, all done",
            "perfect, many thanks",
            "need proof of payment for work",
            "is there a discount for pensioners?",
        ],
        "es_short": [
            "se muda",
            "viaje",
            "cambio de país",
            "falleció",
            "ya no lo ocupa",
            "separación",
            "estudios fuera",
        ],
        "en_short": ["moving", "travelling", "passed away", "not needed", "separation", "studying abroad"],
    },
    "product_defect": {
        "es_note": [
            "la ropa se encogió al lavarla",
            "la pintura del auto se descascara",
            "el zapato se rompió en la suela",
            "el lente se raya fácil",
            "el reloj se atrasa",
            "la mesa llegó rayada",
            "la puerta del horno no cierra",
            "el alimento venía con mal olor",
        ],
        "es_voice": [
            "se destiñe con nada",
            "se oxidó enseguida",
            "la costura se abrió",
            "el equipo hace un zumbido",
            "la batería se hinchó",
            "la plancha pierde agua",
            "el producto se desarma solo",
        ],
        "en_note": [
            "garment shrank after washing",
            "paint peeling on the car",
            "sole came off the shoe",
            "watch runs slow",
            "table arrived scratched",
            "oven door won't close",
            "food had a bad smell",
        ],
        "en_voice": [
            "the colour fades straight away",
            "it rusted in no time",
            "the seam split open",
            "the unit makes a humming noise",
            "the battery swelled up",
            "the iron leaks water",
            "the thing falls apart on its own",
        ],
    },
    "outage": {
        "es_note": [
            "la red wifi se desconecta sola",
            "sin línea telefónica hace una semana",
            "la tarjeta no pasa porque el sistema de pago está caído",
            "la señal de televisión se pixela",
            "corte de energía sin aviso",
        ],
        "es_voice": [
            "el servicio se cae los fines de semana",
            "la velocidad baja a nada en la noche",
            "otra vez se cayó la página",
            "no puedo entrar a la app, da error",
            "el teléfono no tiene tono",
        ],
        "en_note": [
            "wifi disconnects by itself",
            "no phone line for a week",
            "card payments failing because the payment system is down",
            "tv picture pixelating",
            "power cut without warning",
        ],
        "en_voice": [
            "the service goes down every weekend",
            "speed drops to nothing at night",
            "the page is down again",
            "can't get into the app, it errors",
            "no dial tone on the phone",
        ],
    },
}

# A fifth round: more requests and reasons that are not failures, and the process subtypes that
# held-out clauses still missed most often.
MORE4: dict[str, dict[str, list[str]]] = {
    "none": {
        "es_note": [
            "solicita información de la tarjeta de crédito, se envía folleto",
            "consulta cómo activar roaming antes de viajar, se activa",
            "renovación del contrato aceptada por el cliente",
            "consulta si puede pagar en cuotas, se informa que sí",
            "pide cambio de titular del servicio, se indica documentación",
            "se entrega información de horarios de retiro",
            "solicita factura a nombre de su empresa, se emite",
            "consulta cómo funciona el programa de beneficios",
            "cliente confirma que el técnico dejó todo funcionando",
            "informa que estará fuera del país y deja contacto",
            "llama para saber si recibieron su pago, se confirma",
            "pide la baja del servicio adicional que ya no usa, realizada",
            "cliente contrata un plan adicional",
            "solicita visita para instalar un segundo decodificador",
            "cliente devuelve equipo en buen estado al terminar el contrato",
            "consulta por el saldo de su tarjeta de regalo",
            "cierra la cuenta porque se va a vivir con sus hijos",
            "no renueva porque vendió la propiedad asegurada",
            "baja porque la empresa donde trabaja le da el beneficio",
            "baja porque ya no tiene mascota (seguro veterinario)",
        ],
        "es_voice": [
            "quería saber si les llegó mi pago",
            "cómo activo el roaming?",
            "puedo pagar en cuotas?",
            "me interesa el plan familiar",
            "necesito la factura a nombre de mi empresa",
            "quedó todo funcionando, gracias al técnico",
            "voy a estar fuera del país unos meses",
            "quiero contratar otra línea",
            "cómo funciona lo de los puntos?",
            "vendí la casa, así que no necesito el seguro",
            "me voy a vivir con mis hijos",
            "mi empresa me da el servicio ahora",
            "solo llamaba para confirmar",
            "ok, entendido, gracias",
            "me explicaron todo muy bien",
            "consulta: qué planes tienen?",
            "cuánto sale el envío a regiones?",
            "necesito el certificado de cobertura",
            "cuál es mi saldo?",
            "quiero cambiar mi plan a uno con más gigas",
        ],
        "en_note": [
            "asked about the credit card, brochure sent",
            "roaming activated before travel",
            "contract renewal accepted",
            "asked about paying in instalments, told yes",
            "asked to change account holder, documents listed",
            "invoice issued in company name",
            "customer confirms the technician left everything working",
            "called to check payment received, confirmed",
            "add-on no longer used removed at customer's request",
            "added an extra plan",
            "equipment returned in good condition at end of contract",
            "closing because moving in with her children",
            "not renewing after selling the insured property",
            "cancelling as employer now provides the benefit",
        ],
        "en_voice": [
            "did you get my payment?",
            "how do I turn on roaming?",
            "can I pay in instalments?",
            "interested in the family plan",
            "need the invoice in my company's name",
            "all working now, thanks to the engineer",
            "I'll be abroad for a few months",
            "I want another line",
            "how do the points work?",
            "sold the house so no need for the insurance",
            "moving in with my kids",
            "work provides it now",
            "just calling to confirm",
            "ok, understood, thanks",
            "they explained everything really well",
            "what plans do you have?",
            "how much is shipping?",
            "what's my balance?",
            "I'd like a plan with more data",
        ],
    },
    "no_follow_up": {
        "es_note": [
            "el caso lleva semanas sin gestión",
            "no hubo contacto posterior a la visita técnica",
            "el reclamo quedó olvidado",
        ],
        "es_voice": [
            "me dejaron sin respuesta",
            "nadie me llamó de vuelta después del reclamo",
            "mi caso quedó en nada",
        ],
        "en_note": [
            "case untouched for weeks",
            "no contact after the technician visit",
            "complaint forgotten",
        ],
        "en_voice": [
            "left without an answer",
            "no one called back after the complaint",
            "my case went nowhere",
        ],
    },
    "aggressive_selling": {
        "es_note": [
            "la ejecutiva condicionó la solución a contratar otro producto",
            "lo llaman del área comercial todas las semanas",
        ],
        "es_voice": ["me venden cosas que no necesito", "me ofrecieron de todo menos una solución"],
        "en_note": [
            "agent made the fix conditional on buying another product",
            "weekly calls from the sales team",
        ],
        "en_voice": ["they sell me things I don't need", "offered me everything except a solution"],
    },
    "handoff": {
        "es_note": [
            "el reclamo fue reasignado a otra área sin resolverse",
            "le pidieron ir personalmente a otra oficina",
        ],
        "es_voice": ["me mandan a hablar con otros", "cada uno me dice que eso lo ve otra persona"],
        "en_note": [
            "complaint reassigned to another team unresolved",
            "asked to go in person to another office",
        ],
        "en_voice": ["they keep sending me to someone else", "everyone says another person deals with it"],
    },
    "broken_promise": {
        "es_note": ["no se cumplió el plazo informado", "prometieron solución para el lunes y no la hubo"],
        "es_voice": ["no cumplieron lo que dijeron", "me dieron una fecha y no la respetaron"],
        "en_note": ["stated deadline not met", "promised a fix by Monday, none came"],
        "en_voice": ["they didn't do what they said", "gave me a date and ignored it"],
    },
    "impersonal": {
        "es_note": ["la atención fue mecánica, sin saludo ni nombre", "lo trataron como un expediente más"],
        "es_voice": ["me tratan como un caso más", "nadie me llama por mi nombre"],
        "en_note": ["mechanical service, no greeting or name", "handled as just another file"],
        "en_voice": ["I'm just another case to them", "nobody calls me by my name"],
    },
    "billing_error": {
        "es_note": [
            "la empresa perdió el formulario de su solicitud",
            "el cobro no coincide con el plan contratado",
        ],
        "es_voice": ["me cobraron mal", "perdieron mi solicitud y tuve que hacerla de nuevo"],
        "en_note": ["company lost the application form", "charge does not match the plan signed up for"],
        "en_voice": ["they billed me wrongly", "they lost my application and I had to redo it"],
    },
}

# A sixth round: industries the first rounds left out (airlines, hotels, clinics and health insurers,
# garages, gyms), so that a sector's nouns are not mistaken for a family.
MORE5: dict[str, dict[str, list[str]]] = {
    "rude": {
        "es_note": [
            "la auxiliar de vuelo le respondió de forma altanera",
            "la recepcionista de la clínica le habló con desprecio",
        ],
        "es_voice": [
            "en el hotel el conserje fue un maleducado",
            "el mozo nos trató con indiferencia total",
            "en el taller me contestaron de mala manera",
        ],
        "en_note": [
            "flight attendant was condescending and short with him",
            "clinic receptionist was rude to the patient",
        ],
        "en_voice": [
            "the hotel concierge was downright rude",
            "the mechanic was snotty with me",
            "the gym staff were so unfriendly",
        ],
    },
    "not_listening": {
        "es_note": [
            "en la clínica no tomaron en cuenta los síntomas que describió",
            "el ejecutivo no atendió a la urgencia del viaje",
        ],
        "es_voice": [
            "les dije que era urgente y ni caso",
            "en el taller no me escucharon y cambiaron otra pieza",
        ],
        "en_note": [
            "clinic staff disregarded the symptoms described",
            "agent ignored the urgency of the trip",
        ],
        "en_voice": [
            "I said it was urgent and they ignored me",
            "the garage didn't listen and replaced the wrong part",
        ],
    },
    "blaming_customer": {
        "es_note": [
            "la aerolínea le dijo que la maleta se dañó por estar mal cerrada",
            "en el taller le dijeron que la falla era por su forma de manejar",
        ],
        "es_voice": [
            "según el hotel yo tenía que haber avisado antes",
            "me dijeron que la culpa era mía por no reclamar a tiempo",
        ],
        "en_note": [
            "airline said the bag was damaged because it was badly packed",
            "garage blamed the fault on his driving",
        ],
        "en_voice": [
            "the hotel said I should have told them earlier",
            "they said it was my fault for not complaining in time",
        ],
    },
    "scripted_refusal": {
        "es_note": [
            "la aerolínea respondió con el comunicado genérico de siempre",
            "la agente repetía que tomaba nota del reclamo sin dar solución",
        ],
        "es_voice": ["me contestaron como una máquina contestadora", "solo dicen que tomarán nota y nada"],
        "en_note": [
            "airline replied with the usual generic statement",
            "agent kept saying she had noted the complaint, no fix",
        ],
        "en_voice": [
            "they answer like an answering machine",
            "they just say they'll note it and nothing happens",
        ],
    },
    "impersonal": {
        "es_note": [
            "en la clínica lo llamaron por el número de ficha",
            "el hotel le respondió con un correo automático sin firma",
        ],
        "es_voice": ["en la clínica soy un número de ficha", "me atendieron como en una cadena de montaje"],
        "en_note": [
            "clinic called the patient by file number",
            "hotel replied with an unsigned automatic email",
        ],
        "en_voice": ["at the clinic I'm a file number", "like being processed on an assembly line"],
    },
    "lack_of_knowledge": {
        "es_note": [
            "el agente de viajes no sabía las condiciones del pasaje",
            "en la farmacia no supieron indicarle la dosis",
        ],
        "es_voice": [
            "en el taller no sabían qué tenía el auto",
            "la del mesón no sabía cómo hacer el cambio de vuelo",
        ],
        "en_note": [
            "travel agent unaware of the fare conditions",
            "pharmacy staff could not advise on the dose",
        ],
        "en_voice": [
            "the garage had no idea what was wrong",
            "the desk clerk didn't know how to change the flight",
        ],
    },
    "aggressive_selling": {
        "es_note": [
            "en la automotora lo presionaron para comprar accesorios",
            "en el gimnasio le insistieron con el plan anual",
        ],
        "es_voice": [
            "en el hotel no paraban de ofrecerme el upgrade",
            "la aerolínea me bombardea con ofertas",
        ],
        "en_note": ["car dealer pressured him into accessories", "gym staff kept pushing the annual plan"],
        "en_voice": ["the hotel kept pushing an upgrade", "the airline spams me with offers"],
    },
    "policy_refusal": {
        "es_note": [
            "la aerolínea no permite cambiar el nombre del pasajero",
            "la clínica no acepta el bono por norma interna",
            "el gimnasio no congela la membresía según reglamento",
        ],
        "es_voice": [
            "no me dejaron llevar el bolso por política de la aerolínea",
            "la isapre no lo permite, dicen",
            "el hotel no deja hacer check-in antes por política",
        ],
        "en_note": [
            "airline does not allow name changes on the ticket",
            "clinic does not accept the voucher under internal rules",
            "gym will not freeze the membership per its rules",
        ],
        "en_voice": [
            "airline policy wouldn't let me take my bag",
            "the insurer says it's not allowed",
            "hotel policy, no early check-in",
        ],
    },
    "handoff": {
        "es_note": [
            "la aerolínea lo derivó a la agencia y la agencia a la aerolínea",
            "la clínica lo mandó a la isapre y la isapre a la clínica",
        ],
        "es_voice": [
            "el hotel me dijo que reclamara a la agencia",
            "en el taller me dicen que es tema del concesionario",
        ],
        "en_note": [
            "airline sent him to the agency and the agency back to the airline",
            "clinic referred him to the insurer and back",
        ],
        "en_voice": [
            "the hotel told me to complain to the agency",
            "the garage says it's the dealer's problem",
        ],
    },
    "repeat_contact": {
        "es_note": [
            "tercera vez que lleva el auto al taller por lo mismo",
            "vuelve a reclamar a la aerolínea por la misma maleta",
        ],
        "es_voice": [
            "otra vez al taller por la misma falla",
            "ya es la cuarta vez que escribo por el reembolso",
        ],
        "en_note": [
            "third time at the garage for the same thing",
            "chasing the airline again about the same bag",
        ],
        "en_voice": ["back at the garage for the same fault", "fourth time writing about the refund"],
    },
    "long_wait": {
        "es_note": ["esperó dos horas en urgencias para ser atendido", "demora de una hora en el check-in"],
        "es_voice": ["en la clínica esperé una eternidad", "la fila del aeropuerto no avanzaba"],
        "en_note": ["two hours in A&E before being seen", "hour-long delay at check-in"],
        "en_voice": ["waited forever at the clinic", "the airport queue didn't move"],
    },
    "broken_promise": {
        "es_note": [
            "la aerolínea prometió entregar la maleta en 24 horas y no llegó",
            "el taller no entregó el auto el día acordado",
        ],
        "es_voice": [
            "el auto iba a estar listo el lunes y nada",
            "me prometieron el reembolso del pasaje y nunca llegó",
        ],
        "en_note": [
            "airline promised the bag in 24 hours, never arrived",
            "garage did not return the car on the agreed day",
        ],
        "en_voice": ["the car was meant to be ready on Monday", "promised a ticket refund that never came"],
    },
    "no_follow_up": {
        "es_note": [
            "la aerolínea nunca respondió el reclamo por la maleta",
            "la clínica no volvió a llamar con los resultados",
        ],
        "es_voice": ["nunca me avisaron nada del reclamo del vuelo", "no me llamaron con los resultados"],
        "en_note": ["airline never answered the baggage claim", "clinic never called back with the results"],
        "en_voice": ["never heard back about my flight complaint", "they never called with my results"],
    },
    "escalation_blocked": {
        "es_note": [
            "en el hotel no había gerente de turno",
            "la aerolínea no da acceso a un supervisor en el aeropuerto",
        ],
        "es_voice": [
            "pedí hablar con el jefe del taller y no quiso",
            "en la clínica no hay a quién reclamar arriba",
        ],
        "en_note": ["no duty manager at the hotel", "airline offered no supervisor at the airport"],
        "en_voice": [
            "asked for the workshop boss, he wouldn't come",
            "at the clinic there's nobody higher to complain to",
        ],
    },
    "billing_error": {
        "es_note": ["el hotel le cobró una noche de más", "la clínica facturó un examen que no se hizo"],
        "es_voice": [
            "me cobraron dos veces el pasaje",
            "en la cuenta del restaurante venía un plato que no pedimos",
        ],
        "en_note": ["hotel charged an extra night", "clinic billed for a test not performed"],
        "en_voice": ["charged twice for the ticket", "the restaurant bill had a dish we never ordered"],
    },
    "price_too_high": {
        "es_note": [
            "los pasajes están muy caros",
            "el plan de salud subió mucho",
            "la membresía del gimnasio aumentó",
        ],
        "es_voice": [
            "las tarifas del hotel son carísimas",
            "el seguro de salud está impagable",
            "el gimnasio subió el precio otra vez",
        ],
        "en_note": ["fares are very expensive", "health plan went up a lot", "gym membership increased"],
        "en_voice": [
            "the hotel rates are ridiculous",
            "health insurance is unaffordable",
            "the gym put the price up again",
        ],
    },
    "unexpected_charges": {
        "es_note": [
            "la aerolínea cobró la maleta de mano sin avisar",
            "el hotel agregó un cargo por resort no informado",
        ],
        "es_voice": [
            "me cobraron el asiento aparte sin decirme",
            "en la cuenta del hotel aparecieron cobros raros",
        ],
        "en_note": [
            "airline charged for hand luggage without warning",
            "hotel added an undisclosed resort fee",
        ],
        "en_voice": [
            "they charged for my seat separately without saying",
            "strange charges on the hotel bill",
        ],
    },
    "competitor_cheaper": {
        "es_note": ["otra aerolínea tiene la misma ruta más barata", "otro gimnasio cobra la mitad"],
        "es_voice": ["en otra clínica la consulta sale más barata", "el hotel de al lado cobra menos"],
        "en_note": ["another airline flies the same route cheaper", "another gym charges half"],
        "en_voice": ["another clinic charges less for the visit", "the hotel next door is cheaper"],
    },
    "product_defect": {
        "es_note": [
            "la maleta llegó rota",
            "el repuesto instalado venía fallado",
            "la habitación tenía la ducha rota",
            "el medicamento no tenía el efecto, lote defectuoso",
        ],
        "es_voice": [
            "el aire de la pieza no funcionaba",
            "el repuesto que me pusieron salió malo",
            "la comida del avión estaba incomible",
        ],
        "en_note": [
            "suitcase arrived broken",
            "the fitted spare part was faulty",
            "room had a broken shower",
        ],
        "en_voice": [
            "the air conditioning in the room didn't work",
            "the part they fitted was defective",
            "the inflight meal was inedible",
        ],
    },
    "outage": {
        "es_note": [
            "la web de la aerolínea no permite hacer check-in, se cae",
            "el sistema de reservas del hotel estaba caído",
            "la plataforma de la clínica no funciona para agendar",
        ],
        "es_voice": [
            "el wifi del hotel no funcionaba nunca",
            "la app de la aerolínea se cae siempre",
            "no hay agua caliente, cortan el gas seguido",
        ],
        "en_note": [
            "airline website crashes at check-in",
            "hotel booking system was down",
            "clinic's booking platform not working",
        ],
        "en_voice": [
            "the hotel wifi never worked",
            "the airline app always crashes",
            "no hot water, the gas keeps getting cut",
        ],
    },
    "competitor_better": {
        "es_note": [
            "otra aerolínea tiene mejor servicio a bordo",
            "se cambia a una clínica con mejores especialistas",
        ],
        "es_voice": ["el otro gimnasio tiene mejores máquinas", "en otra isapre la cobertura es mejor"],
        "en_note": [
            "another airline has better service on board",
            "moving to a clinic with better specialists",
        ],
        "en_voice": ["the other gym has better equipment", "another insurer has much better cover"],
    },
    "none": {
        "es_note": [
            "consulta por el equipaje permitido, se informa",
            "solicita cambio de asiento, realizado",
            "agenda hora médica",
            "confirma reserva de hotel para dos noches",
            "pide presupuesto de mantención del auto",
            "consulta horario del gimnasio",
            "cancela la membresía porque se cambia de ciudad",
            "baja del plan de salud por cambio a plan de la empresa",
        ],
        "es_voice": [
            "cuántas maletas puedo llevar?",
            "quiero cambiar mi asiento",
            "necesito una hora con el traumatólogo",
            "confirmo mi reserva, gracias",
            "cuánto sale la mantención de los 20 mil?",
            "a qué hora abre el gimnasio?",
            "me cambio de ciudad, cancelo la membresía",
        ],
        "en_note": [
            "asked about baggage allowance, informed",
            "seat change done",
            "medical appointment booked",
            "hotel booking confirmed for two nights",
            "quote for car service requested",
            "asked for gym opening times",
            "membership cancelled as moving city",
            "left health plan for employer's plan",
        ],
        "en_voice": [
            "how many bags can I take?",
            "I'd like to change my seat",
            "I need an appointment with a specialist",
            "confirming my booking, thanks",
            "how much is the 20k service?",
            "what time does the gym open?",
            "moving city, cancelling the membership",
        ],
    },
}

# A seventh round: praise and thanks (which name staff, like attitude complaints do) and more ways
# of saying the process failures.
MORE6: dict[str, dict[str, list[str]]] = {
    "none": {
        "es_note": [
            "felicita a la ejecutiva por su buena disposición",
            "deja agradecimiento para el equipo técnico",
            "destaca la amabilidad del personal de la sucursal",
            "cliente muy conforme con la atención recibida",
            "elogia la rapidez del despacho",
            "reconoce el buen trato del vendedor",
            "agradece la paciencia del asesor",
            "felicitación registrada para el garzón",
            "comenta que el técnico fue muy profesional",
            "satisfecho con la solución entregada en la primera llamada",
        ],
        "es_voice": [
            "quiero felicitar al chico que me atendió, un siete",
            "gracias a la señorita de la caja, muy atenta",
            "la atención del vendedor fue excelente",
            "el técnico fue súper amable y ordenado",
            "muy contento con el servicio, todo impecable",
            "felicitaciones al equipo, rapidísimos",
            "me atendieron de maravilla",
            "un agradecimiento especial a la persona del chat",
            "qué buena disposición tuvo la ejecutiva",
            "todo excelente, sigan así",
        ],
        "en_note": [
            "praised the advisor's helpful attitude",
            "left thanks for the technical team",
            "highlighted how friendly the branch staff were",
            "very satisfied with the service received",
            "complimented the fast delivery",
            "commended the salesperson",
            "thanked the agent for her patience",
            "compliment logged for the waiter",
            "resolved on the first call, customer pleased",
        ],
        "en_voice": [
            "I'd like to compliment the lad who served me",
            "thanks to the cashier, very attentive",
            "the salesperson was excellent",
            "the engineer was really friendly and tidy",
            "really happy with everything",
            "well done to the team, super quick",
            "they looked after me wonderfully",
            "special thanks to the person on the chat",
            "the advisor was so helpful",
            "all excellent, keep it up",
        ],
    },
    "policy_refusal": {
        "es_note": [
            "no le permiten anular la compra por políticas comerciales",
            "le negaron el cambio de producto por norma",
            "la condición del contrato no permite bajar de plan",
        ],
        "es_voice": [
            "no me dejan hacer nada por las políticas",
            "todo está prohibido por reglamento",
            "me dijeron que no tienen permitido hacerlo",
        ],
        "en_note": [
            "purchase cancellation refused under commercial policy",
            "product exchange denied by rule",
            "contract terms do not allow a downgrade",
        ],
        "en_voice": [
            "their policies won't let them do anything",
            "everything is forbidden by the rules",
            "they said they aren't permitted to do it",
        ],
    },
    "handoff": {
        "es_note": [
            "lo derivaron al área técnica que no contesta",
            "fue traspasado entre ejecutivos sin solución",
        ],
        "es_voice": ["me traspasan de un ejecutivo a otro", "me tiran la pelota de un área a otra"],
        "en_note": [
            "referred to the technical team, who don't answer",
            "handed between advisors with no solution",
        ],
        "en_voice": [
            "they hand me from one advisor to the next",
            "they just pass the buck between departments",
        ],
    },
    "escalation_blocked": {
        "es_note": ["negaron el escalamiento del reclamo", "no hay supervisor que autorice la excepción"],
        "es_voice": ["no me dejaron escalar el reclamo", "nadie de más arriba se hace responsable"],
        "en_note": ["escalation of the complaint refused", "no supervisor to authorise the exception"],
        "en_voice": ["they wouldn't let me escalate", "nobody higher up takes responsibility"],
    },
    "no_follow_up": {
        "es_note": [
            "no se le informó la resolución del caso",
            "quedaron de revisar y nunca más se comunicaron",
        ],
        "es_voice": ["mi reclamo nunca tuvo respuesta", "me dijeron que lo revisarían y no supe más"],
        "en_note": [
            "resolution of the case never communicated",
            "said they would review it and never got in touch",
        ],
        "en_voice": [
            "my complaint never got an answer",
            "they said they'd look into it and I never heard more",
        ],
    },
    "broken_promise": {
        "es_note": [
            "el despacho se atrasó más de lo comprometido",
            "la solución ofrecida para esta semana no llegó",
        ],
        "es_voice": ["siempre dicen mañana y nunca es mañana", "me ofrecieron una solución que nunca llegó"],
        "en_note": ["delivery later than committed", "fix offered for this week did not arrive"],
        "en_voice": ["always tomorrow, never tomorrow", "offered a fix that never came"],
    },
    "long_wait": {
        "es_note": [
            "tiempo de espera telefónica superior a 30 minutos",
            "demora en ser atendido en el local",
        ],
        "es_voice": [
            "me dejaron esperando en línea muchísimo rato",
            "para que te atiendan hay que esperar horas",
        ],
        "en_note": ["phone waiting time over 30 minutes", "slow to be served in the shop"],
        "en_voice": ["kept me waiting on the line for ages", "you wait hours to be seen"],
    },
    "repeat_contact": {
        "es_note": ["ya son varias llamadas por el mismo requerimiento", "reiterado por tercera vez"],
        "es_voice": ["cada vez tengo que volver a explicar y reclamar", "es la enésima vez que llamo"],
        "en_note": ["several calls already for the same request", "raised for the third time"],
        "en_voice": [
            "every time I have to explain and complain again",
            "this is the umpteenth time I've called",
        ],
    },
    "billing_error": {
        "es_note": [
            "la factura incluye un servicio ya cancelado",
            "error administrativo en el registro del pago",
        ],
        "es_voice": ["la cuenta trae cosas que ya di de baja", "tienen un error con mi pago"],
        "en_note": ["invoice includes a service already cancelled", "admin error recording the payment"],
        "en_voice": ["the bill has things I already cancelled", "they've made a mistake with my payment"],
    },
    "rude": {
        "es_note": ["el funcionario lo trató con prepotencia", "la ejecutiva fue déspota"],
        "es_voice": [
            "me trataron con una soberbia increíble",
            "la persona del chat fue muy cortante y pesada",
        ],
        "en_note": ["employee was arrogant with the customer", "advisor was abrupt and unpleasant"],
        "en_voice": ["treated me with incredible arrogance", "the chat person was curt and unpleasant"],
    },
}

# An eighth round: price and quality in plainer, more general words.
MORE7: dict[str, dict[str, list[str]]] = {
    "price_too_high": {
        "es_note": [
            "el valor del plan le resulta inalcanzable",
            "reclama por el alza de precios de este año",
            "dice que la relación precio calidad no le conviene",
            "la cuota del crédito le parece muy alta",
            "considera que cobran demasiado por el mantenimiento",
            "la tarifa de la luz le subió al doble",
        ],
        "es_voice": [
            "todo sube menos mi sueldo, ya no puedo pagarles",
            "pagar eso al mes es una locura",
            "la mensualidad está muy por encima de lo normal",
            "los precios no son accesibles",
            "me parece caro el servicio",
            "ya no me da el bolsillo para esto",
            "subieron los precios sin razón",
        ],
        "en_note": [
            "plan price out of reach for the customer",
            "complains about this year's price rises",
            "says the value for money is not there",
            "loan repayments feel too high",
            "thinks maintenance costs too much",
        ],
        "en_voice": [
            "everything goes up except my wages, can't pay you anymore",
            "that much a month is madness",
            "the monthly fee is way above normal",
            "prices aren't affordable",
            "the service is pricey",
            "my wallet can't take this any more",
            "they raised prices for no reason",
        ],
    },
    "unexpected_charges": {
        "es_note": [
            "le cobraron un cargo por administración que desconocía",
            "le aplicaron una multa por atraso que no corresponde a lo informado",
            "le cobraron intereses sorpresa en la tarjeta",
            "le sumaron un cobro por llamadas especiales que no hizo",
        ],
        "es_voice": [
            "me llegó la cuenta con un cargo que no entiendo",
            "me cobraron una multa que nadie me había mencionado",
            "aparecieron intereses sorpresa",
            "me sumaron un cobro extra por el despacho",
        ],
        "en_note": [
            "admin charge the customer knew nothing about",
            "late fee applied contrary to what was stated",
            "surprise interest on the card",
            "charged for premium calls not made",
        ],
        "en_voice": [
            "my bill came with a charge I don't understand",
            "fined for something nobody had mentioned",
            "surprise interest appeared",
            "they added an extra delivery charge",
        ],
    },
    "competitor_cheaper": {
        "es_note": [
            "la competencia igualó el servicio a menor precio",
            "encontró una tarifa más conveniente en otro proveedor",
        ],
        "es_voice": [
            "me cambié porque en otro lado pago menos por lo mismo",
            "con otro proveedor ahorro bastante al mes",
        ],
        "en_note": ["competitor matched the service for less", "found a better rate with another supplier"],
        "en_voice": [
            "switched because I pay less elsewhere for the same",
            "I save a lot each month with another supplier",
        ],
    },
    "product_defect": {
        "es_note": [
            "el producto presentó falla al primer uso",
            "la prenda tiene un hoyo",
            "el celular tiene falla en el micrófono",
            "la silla se quebró",
            "el juguete llegó sin funcionar",
            "la bicicleta tiene el freno malo",
        ],
        "es_voice": [
            "vino con un defecto",
            "no duró nada, se echó a perder",
            "el equipo viene con falla de fábrica",
            "el zapato se abrió",
            "no funciona bien desde que lo compré",
            "el artículo es de muy mala calidad",
        ],
        "en_note": [
            "product failed on first use",
            "garment has a hole",
            "phone microphone faulty",
            "chair snapped",
            "toy arrived not working",
            "bike has a faulty brake",
        ],
        "en_voice": [
            "came with a defect",
            "didn't last at all",
            "factory fault on the unit",
            "the shoe split open",
            "hasn't worked properly since I bought it",
            "very poor quality item",
        ],
    },
    "outage": {
        "es_note": [
            "el servicio presenta caídas intermitentes",
            "sin conexión desde la tormenta",
            "la señal 4G no funciona en su zona",
            "la plataforma tiene errores constantes",
        ],
        "es_voice": [
            "cada noche se corta",
            "hace días que no tengo servicio",
            "el servicio es malísimo, siempre falla",
            "la conexión se cae justo cuando trabajo",
        ],
        "en_note": [
            "intermittent service drops",
            "no connection since the storm",
            "4G not working in the area",
            "platform has constant errors",
        ],
        "en_voice": [
            "it cuts out every night",
            "no service for days",
            "the service is awful, always failing",
            "the connection drops right when I'm working",
        ],
    },
    "competitor_better": {
        "es_note": [
            "se va a la competencia porque tiene mejor tecnología",
            "el otro proveedor le ofrece un servicio más estable",
        ],
        "es_voice": [
            "la otra empresa me da un servicio que sí funciona",
            "el equipo de la competencia es mucho mejor",
        ],
        "en_note": [
            "leaving for a competitor with better technology",
            "other provider offers a more stable service",
        ],
        "en_voice": ["the other company's service actually works", "the competitor's device is far better"],
    },
}

# A ninth round: routine agent wording for contacts that are not failures, and plain generic
# phrasings of the commonest failures.
MORE8: dict[str, dict[str, list[str]]] = {
    "none": {
        "es_note": [
            "se gestiona la solicitud en línea, cliente conforme",
            "se deja registro de la consulta, sin reclamo",
            "se realiza el cambio solicitado",
            "trámite completado en la llamada",
            "se informa al cliente y cierra sin observaciones",
            "se envía el comprobante al correo registrado",
            "consulta general resuelta",
            "se orienta sobre el uso de la web",
            "renueva el contrato por un año más",
            "solicita hablar de su plan, se revisa y no requiere cambios",
            "cliente llama para avisar que pagó por transferencia",
            "no desea contratar servicios adicionales, se respeta",
            "consulta por el reembolso, ya fue abonado según lo informado",
            "confirma datos para el despacho",
        ],
        "es_voice": [
            "gracias, era solo eso",
            "ya me quedó claro",
            "listo, ya pagué",
            "confirmo que llegó el técnico y dejó todo bien",
            "no necesito nada más, gracias",
            "me sirvió mucho la explicación",
            "ya me abonaron la devolución, gracias",
            "quiero renovar mi contrato",
            "solo quería avisar que cambié de correo",
            "todo en orden por ahora",
            "me cambio de país por trabajo de mi esposo",
            "nos vamos a vivir al extranjero",
            "ya no vivo en esa dirección",
            "el servicio era para mi mamá y ella falleció",
            "ya no tengo negocio",
        ],
        "en_note": [
            "request handled online, customer satisfied",
            "enquiry logged, no complaint",
            "requested change made",
            "completed on the call",
            "informed the customer, closed with no remarks",
            "receipt emailed to registered address",
            "general enquiry resolved",
            "advised how to use the website",
            "renewed the contract for another year",
            "customer called to say she paid by bank transfer",
            "refund already credited as advised",
        ],
        "en_voice": [
            "thanks, that was all",
            "that's clear now",
            "done, I've paid",
            "the engineer came and left everything fine",
            "nothing else, thanks",
            "the explanation really helped",
            "got my refund, thanks",
            "I want to renew my contract",
            "just letting you know I changed my email",
            "all good for now",
            "moving abroad for my husband's job",
            "we're emigrating",
            "I no longer live at that address",
            "the service was for my mum and she passed",
            "I don't have the business anymore",
        ],
        "es_short": [
            "cambio de domicilio",
            "fallecimiento del titular",
            "se fue del país",
            "no lo requiere",
            "razones personales",
        ],
        "en_short": [
            "moved house",
            "holder deceased",
            "left the country",
            "not required",
            "personal circumstances",
        ],
    },
    "product_defect": {
        "es_note": [
            "el equipo entregado no funciona",
            "falla técnica del producto",
            "el artículo vino incompleto y dañado",
        ],
        "es_voice": ["lo que compré no funciona", "el producto falla", "me llegó malo el equipo"],
        "en_note": [
            "supplied unit does not work",
            "technical fault with the product",
            "item came incomplete and damaged",
        ],
        "en_voice": ["what I bought doesn't work", "the product keeps failing", "my device arrived broken"],
    },
    "outage": {
        "es_note": ["el servicio no funciona desde ayer", "falla en la red", "servicio lento e inestable"],
        "es_voice": ["no me funciona el servicio", "se cae a cada rato", "anda lentísimo todo"],
        "en_note": ["service not working since yesterday", "network fault", "slow and unstable service"],
        "en_voice": ["my service isn't working", "it keeps going down", "everything is painfully slow"],
    },
    "price_too_high": {
        "es_note": ["motivo de baja: precio", "le cobran mucho por el servicio"],
        "es_voice": ["cobran mucho", "pago mucho por esto"],
        "en_note": ["reason for cancellation: price", "charged too much for the service"],
        "en_voice": ["they charge too much", "I pay a lot for this"],
    },
    "not_listening": {
        "es_note": [
            "no se consideró lo que el cliente explicó",
            "la ejecutiva no entendió el requerimiento por no escuchar",
        ],
        "es_voice": ["no me pescaron", "hablé y hablé y no me tomaron en cuenta"],
        "en_note": [
            "what the customer explained was ignored",
            "advisor misunderstood the request by not listening",
        ],
        "en_voice": ["they just ignored me", "I talked and talked and they paid no attention"],
    },
    "lack_of_knowledge": {
        "es_note": [
            "el personal no maneja la información del producto",
            "le entregaron información contradictoria",
        ],
        "es_voice": ["nadie supo darme una respuesta", "cada uno me dice una cosa"],
        "en_note": ["staff not familiar with the product information", "contradictory information given"],
        "en_voice": ["nobody could give me an answer", "each one tells me something different"],
    },
}

# A tenth round: the short, common ways of saying each service failure, which held-out clauses
# showed were still missing for attitude and process.
MORE9: dict[str, dict[str, list[str]]] = {
    "rude": {
        "es_voice": [
            "me trataron muy mal",
            "la atención fue grosera",
            "me faltaron el respeto",
            "me hablaron muy feo",
            "el ejecutivo fue muy pesado",
            "me gritaron",
            "me trataron con desprecio",
            "fueron unos maleducados",
        ],
        "en_voice": [
            "they treated me badly",
            "the service was rude",
            "they were disrespectful",
            "they spoke to me very rudely",
            "he was really unpleasant",
            "they shouted at me",
            "treated with disdain",
            "such rude people",
        ],
        "es_note": [
            "maltrato por parte del ejecutivo",
            "falta de respeto del personal",
            "trato descortés en caja",
        ],
        "en_note": [
            "mistreated by the advisor",
            "staff were disrespectful",
            "discourteous treatment at the till",
        ],
    },
    "not_listening": {
        "es_voice": [
            "no me prestaron atención",
            "no me dejaron explicar",
            "no les importó mi problema",
            "ni me escucharon",
            "hablaban encima mío",
            "no entendieron nada de lo que dije",
        ],
        "en_voice": [
            "they paid no attention to me",
            "they wouldn't let me explain",
            "they didn't care about my problem",
            "didn't even listen",
            "they talked over me",
            "they understood nothing of what I said",
        ],
        "es_note": ["no se escuchó al cliente", "el asesor no prestó atención al problema planteado"],
        "en_note": ["customer not listened to", "advisor paid no attention to the issue raised"],
    },
    "blaming_customer": {
        "es_voice": [
            "me echan la culpa de todo",
            "dijeron que era culpa mía",
            "me trataron como si yo hubiera hecho algo malo",
            "según ellos yo me equivoqué",
        ],
        "en_voice": [
            "they blame me for everything",
            "said it was my fault",
            "treated me as if I'd done something wrong",
            "according to them I got it wrong",
        ],
        "es_note": ["se culpó al cliente del error", "le atribuyeron la falla al cliente"],
        "en_note": ["customer blamed for the error", "fault attributed to the customer"],
    },
    "scripted_refusal": {
        "es_voice": [
            "me dicen que entienden pero no hacen nada",
            "siempre la misma respuesta de manual",
            "me responden con un libreto",
            "solo disculpas, cero soluciones",
        ],
        "en_voice": [
            "they say they understand but do nothing",
            "always the same textbook answer",
            "they answer from a script",
            "only apologies, zero solutions",
        ],
        "es_note": ["respuesta de guion sin solución", "el asesor se limitó a disculparse"],
        "en_note": ["scripted answer with no solution", "advisor only apologised"],
    },
    "impersonal": {
        "es_voice": [
            "me tratan como un número",
            "ni saludan",
            "atención robotizada",
            "no saben ni mi nombre",
        ],
        "en_voice": [
            "they treat me like a number",
            "they don't even say hello",
            "robotic service",
            "they don't even know my name",
        ],
        "es_note": ["trato impersonal, sin saludo", "atención despersonalizada"],
        "en_note": ["impersonal treatment, no greeting", "depersonalised service"],
    },
    "lack_of_knowledge": {
        "es_voice": [
            "no saben lo que hacen",
            "me dieron información errónea",
            "no tenían idea",
            "el personal no sabe nada del producto",
        ],
        "en_voice": [
            "they don't know what they're doing",
            "they gave me wrong information",
            "they had no idea",
            "staff know nothing about the product",
        ],
        "es_note": ["asesor sin conocimiento del producto", "información incorrecta entregada al cliente"],
        "en_note": ["advisor without product knowledge", "incorrect information given to the customer"],
    },
    "aggressive_selling": {
        "es_voice": [
            "me quieren vender a toda costa",
            "me insisten con ofertas",
            "me presionan para contratar más cosas",
            "llamadas de venta todo el día",
            "me ofrecen productos en cada llamada",
        ],
        "en_voice": [
            "they want to sell me at any cost",
            "they keep pushing offers",
            "they pressure me to buy more",
            "sales calls all day",
            "they offer products on every call",
        ],
        "es_note": [
            "insistencia comercial excesiva",
            "venta forzada de productos adicionales",
            "ofrecimiento reiterado de productos no solicitados",
        ],
        "en_note": [
            "excessive sales pressure",
            "forced selling of extra products",
            "repeated offers of unrequested products",
        ],
    },
    "policy_refusal": {
        "es_voice": [
            "no se puede, dicen, es política",
            "me negaron el cambio por reglamento",
            "el sistema no deja hacer nada",
        ],
        "en_voice": [
            "can't be done, they say, it's policy",
            "change refused by the rules",
            "the system won't let them do anything",
        ],
        "es_note": ["solicitud rechazada por política interna", "no autorizado según procedimiento"],
        "en_note": ["request rejected under internal policy", "not authorised per procedure"],
    },
    "handoff": {
        "es_voice": [
            "me derivan a todos lados",
            "me transfirieron mil veces",
            "me mandan de un área a otra",
            "nadie se hace responsable, me transfieren",
        ],
        "en_voice": [
            "they send me everywhere",
            "transferred a thousand times",
            "sent from one department to another",
            "nobody takes charge, they transfer me",
        ],
        "es_note": ["múltiples transferencias sin solución", "derivado entre áreas"],
        "en_note": ["multiple transfers without resolution", "passed between departments"],
    },
    "repeat_contact": {
        "es_voice": [
            "llamé muchas veces por lo mismo",
            "tengo que reclamar siempre lo mismo",
            "vuelve a fallar y vuelvo a llamar",
        ],
        "en_voice": [
            "called many times about the same thing",
            "always complaining about the same thing",
            "it fails again and I call again",
        ],
        "es_note": ["contacto reiterado por el mismo problema", "no resuelto en el primer contacto"],
        "en_note": ["repeated contact for the same problem", "not resolved at first contact"],
    },
    "long_wait": {
        "es_voice": ["espera eterna", "me tuvieron esperando", "demasiada demora", "tarda mucho la atención"],
        "en_voice": ["endless wait", "they kept me waiting", "far too slow", "service takes ages"],
        "es_note": ["espera prolongada", "demora en la atención"],
        "en_note": ["prolonged wait", "delay in being served"],
    },
    "broken_promise": {
        "es_voice": [
            "no cumplieron",
            "me fallaron",
            "nunca llegó lo prometido",
            "me dejaron esperando una llamada que nunca llegó",
        ],
        "en_voice": [
            "they didn't keep their word",
            "they let me down",
            "what was promised never came",
            "waiting for a call that never came",
        ],
        "es_note": ["compromiso incumplido", "no se respetó la fecha comprometida"],
        "en_note": ["commitment not kept", "committed date not honoured"],
    },
    "no_follow_up": {
        "es_voice": [
            "nunca me contactaron",
            "sin seguimiento de nada",
            "no me respondieron nunca",
            "quedé esperando una respuesta",
        ],
        "en_voice": [
            "they never contacted me",
            "no follow-up at all",
            "they never answered",
            "still waiting for an answer",
        ],
        "es_note": ["falta de seguimiento del caso", "reclamo sin respuesta"],
        "en_note": ["lack of follow-up on the case", "complaint unanswered"],
    },
    "escalation_blocked": {
        "es_voice": [
            "no pude hablar con un supervisor",
            "no me pasaron con el jefe",
            "nadie que pueda decidir",
        ],
        "en_voice": [
            "couldn't speak to a supervisor",
            "they wouldn't put me through to the boss",
            "nobody who can decide",
        ],
        "es_note": ["escalamiento no permitido", "sin acceso a supervisor"],
        "en_note": ["escalation not allowed", "no access to a supervisor"],
    },
    "billing_error": {
        "es_voice": [
            "la factura está mal",
            "me cobraron de más por error",
            "error en mi cuenta",
            "cobro equivocado",
        ],
        "en_voice": ["the invoice is wrong", "overcharged by mistake", "error on my account", "wrong charge"],
        "es_note": ["error de facturación", "cobro erróneo en la boleta"],
        "en_note": ["billing error", "erroneous charge on the bill"],
    },
}

# An eleventh round: the short, common ways of saying each quality failure.
MORE10: dict[str, dict[str, list[str]]] = {
    "product_defect": {
        "es_voice": [
            "el producto es una porquería",
            "salió fallado",
            "vino roto de fábrica",
            "la calidad dejó mucho que desear",
            "se rompió con el uso normal",
            "tuve que devolverlo porque no funcionaba",
            "el equipo viene con problemas",
            "la comida estaba fría y sin sabor",
            "el celular se apaga solo",
            "el electrodoméstico dejó de funcionar",
        ],
        "en_voice": [
            "the product is rubbish",
            "it came out faulty",
            "broken from the factory",
            "the quality left a lot to be desired",
            "it broke with normal use",
            "had to return it because it didn't work",
            "the unit has problems",
            "the food was cold and tasteless",
            "the phone switches itself off",
            "the appliance stopped working",
        ],
        "es_note": [
            "producto con defecto de fabricación",
            "equipo falla de forma recurrente",
            "artículo en mal estado",
        ],
        "en_note": ["product with a manufacturing defect", "unit fails repeatedly", "item in poor condition"],
    },
    "outage": {
        "es_voice": [
            "el servicio es pésimo, se corta siempre",
            "paso más tiempo sin internet que con internet",
            "la luz se corta a cada rato",
            "la señal es malísima en todos lados",
            "la página nunca carga",
            "la conexión no sirve",
        ],
        "en_voice": [
            "the service is awful, always cutting out",
            "more time without internet than with it",
            "the power keeps going off",
            "the signal is terrible everywhere",
            "the page never loads",
            "the connection is useless",
        ],
        "es_note": [
            "cortes reiterados del servicio",
            "servicio con baja disponibilidad",
            "falla de conectividad",
        ],
        "en_note": ["repeated service cuts", "service with poor availability", "connectivity fault"],
    },
    "competitor_better": {
        "es_voice": [
            "otra empresa tiene un servicio de mejor calidad",
            "me cambié porque la competencia funciona mejor",
            "en la competencia tienen mejor producto",
            "me voy con otros que tienen mejor cobertura",
        ],
        "en_voice": [
            "another company has a better quality service",
            "switched because the competitor works better",
            "the competition has a better product",
            "leaving for people with better coverage",
        ],
        "es_note": ["migra a la competencia por calidad", "la competencia ofrece mejor servicio"],
        "en_note": ["moving to the competition for quality", "competitor offers a better service"],
    },
}

# An eleventh round: short first-person reasons for leaving that are life events, not service
# failures. "me mude" (no accent) was read as a rude agent: "me" + a verb was, in the corpus,
# nearly always something an agent did to the customer.
MORE11: dict[str, dict[str, list[str]]] = {
    "none": {
        "es_voice": [
            "me mudé",
            "me mudé de casa",
            "nos mudamos de ciudad",
            "me quedé sin trabajo",
            "me quedé sin empleo y tengo que recortar gastos",
            "me casé y juntamos los servicios",
            "lo uso poco",
            "casi no lo uso",
        ],
        "en_voice": [
            "I moved",
            "we moved house",
            "I lost my job",
            "we got married and merged our accounts",
            "we barely use it",
        ],
        "es_note": [
            "cliente se mudó",
            "baja por desempleo del titular",
            "indica que casi no usa el servicio",
        ],
        "en_note": [
            "customer moved house",
            "cancelling after losing their job",
            "says they hardly use the service",
        ],
    },
}

_ROUNDS = (MORE, MORE2, MORE3, MORE4, MORE5, MORE6, MORE7, MORE8, MORE9, MORE10, MORE11)
for _round in _ROUNDS:
    for _label, _extra in _round.items():
        for _key, _clauses in _extra.items():
            F[_label][_key] = [*F[_label][_key], *_clauses]  # type: ignore[list-item]

# Frames. {c} is a clause. Third-person frames take *_note clauses, first-person frames *_voice.
# "any": usable for every label including none; "fail": only for failures (they carry the
# complaint tone, which is itself evidence against "none").
FRAMES: dict[str, dict[str, list[str]]] = {
    "es_note": {
        "any": [
            "cliente indica que {c}",
            "cliente refiere que {c}",
            "usuario comenta que {c}",
            "titular señala que {c}",
            "se comunica cliente, {c}",
            "llamada entrante. {c}",
            "obs: {c}",
            "{c}",
            "cliente manifiesta que {c}",
            "atendido en tienda: {c}",
            "chat: {c}",
        ],
        "fail": [
            "reclamo: {c}",
            "cliente molesto, {c}",
            "se registra queja: {c}",
            "cliente manifiesta molestia, {c}",
            "cliente solicita la baja, {c}",
            "clienta muy enojada, {c}",
            "queja formal, {c}",
        ],
    },
    "es_voice": {
        "any": [
            "{c}",
            "hola, {c}",
            "buenas tardes, les escribo porque {c}",
            "la verdad {c}",
            "buenos días, {c}",
            "Cliente: {c}",
            "estimados, {c}. saludos",
            "[chat] cliente: {c}",
        ],
        "fail": [
            "{c}, estoy harto",
            "{c}. una vergüenza",
            "me doy de baja porque {c}",
            "cancelo el servicio porque {c}",
            "motivo de la baja: {c}",
            "quiero poner un reclamo, {c}",
            "{c}, así no se puede",
            "me voy, {c}",
            "pésimo, {c}",
            "reseña: {c}. una estrella",
            "{c} #servicioalcliente",
        ],
    },
    "en_note": {
        "any": [
            "customer states {c}",
            "cust says {c}",
            "caller reports that {c}",
            "note: {c}",
            "{c}",
            "account holder advised {c}",
            "member called in, {c}",
            "chat: {c}",
            "in store: {c}",
        ],
        "fail": [
            "cx complained that {c}",
            "complaint logged, {c}",
            "customer upset, {c}",
            "caller angry, {c}",
            "cancellation request, {c}",
        ],
    },
    "en_voice": {
        "any": [
            "{c}",
            "hi, {c}",
            "honestly {c}",
            "hello, {c}",
            "Customer: {c}",
            "dear team, {c}. regards",
            "[chat] customer: {c}",
        ],
        "fail": [
            "I'm cancelling because {c}",
            "reason for leaving: {c}",
            "writing to complain: {c}",
            "{c}. really disappointed",
            "{c}, unacceptable",
            "I'm done, {c}",
            "terrible, {c}",
            "review: {c}. one star",
            "{c} #customerservice",
        ],
    },
    "es_short": {
        "any": ["{c}", "motivo de baja: {c}", "baja por {c}", "motivo: {c}", "encuesta de salida - {c}"],
        "fail": [],
    },
    "en_short": {
        "any": ["{c}", "reason: {c}", "churn reason - {c}", "cancelled - {c}", "exit survey: {c}"],
        "fail": [],
    },
}

# Neutral contexts sometimes appended: ticket numbers, channels, dates. They are label-free, so the
# model learns to ignore them.
TAILS: dict[str, list[str]] = {
    "es": [
        " - tema: internet hogar",
        " - asunto: factura",
        " - producto: tarjeta de crédito",
        " - servicio: telefonía móvil",
        " - motivo de contacto: consulta comercial",
        " - área: postventa",
        " - categoría: reclamo",
        " - canal: correo",
        " - seguro de vida",
        " - cuenta vista",
        " - pedido online",
        " - restaurante",
        " (ref 48213)",
        " - llamada del 03/02",
        ". cliente con 4 años de antigüedad",
        " - canal chat",
        ". plan hogar 300 megas",
        ". seguro de auto",
        ". cuenta corriente",
        " - tienda centro",
        " - sucursal providencia",
        ". pedido 77812",
        ". linea movil prepago",
        ". tarjeta visa",
    ],
    "en": [
        " - topic: home broadband",
        " - subject: invoice",
        " - product: credit card",
        " - service: mobile",
        " - contact reason: sales enquiry",
        " - team: after-sales",
        " - category: complaint",
        " - channel: email",
        " - life insurance",
        " - savings account",
        " - online order",
        " - restaurant",
        " (ref 55120)",
        " - call on 02/14",
        ". customer for 6 years",
        " - via chat",
        ". fibre 500 plan",
        ". home insurance",
        ". checking account",
        " - downtown store",
        ". order 90311",
        ". prepaid sim",
        ". credit card",
    ],
}

# Contrasts: a positive or neutral mention of one family before a clause of another, so that the
# words "precio", "agent", "internet" alone are not taken as a complaint about them.
CONTRASTS: dict[str, dict[str, list[str]]] = {
    "es_voice": {
        "attitude": [
            "la chica que me atendió fue muy amable, pero ",
            "el asesor fue correcto, pero ",
            "no tengo queja del trato, ",
        ],
        "process": ["me atendieron rápido, pero ", "el trámite fue sencillo, pero "],
        "price": [
            "el precio está bien, pero ",
            "no es por el precio, ",
            "no me quejo de la tarifa, pero ",
            "pago lo mismo de siempre, pero ",
        ],
        "quality": [
            "el producto es bueno, pero ",
            "el internet funciona bien, pero ",
            "no tengo problemas con la señal, ",
        ],
    },
    "es_note": {
        "attitude": ["fue bien atendido en tienda, pero ", "reconoce que el asesor fue amable, sin embargo "],
        "process": ["la gestión fue rápida, pero ", "el trámite se hizo en el día, sin embargo "],
        "price": [
            "está conforme con la tarifa, pero ",
            "no reclama por el precio, ",
            "el monto de la factura es correcto, pero ",
        ],
        "quality": [
            "el servicio funciona bien, pero ",
            "sin problemas técnicos, ",
            "el equipo está en buen estado, pero ",
        ],
    },
    "en_voice": {
        "attitude": [
            "the agent was lovely, but ",
            "staff were polite, but ",
            "no complaints about the staff, ",
        ],
        "process": ["they answered quickly, but ", "the process itself was easy, but "],
        "price": ["the price is fine, but ", "it's not about the money, ", "no issue with the fee, but "],
        "quality": [
            "the product itself is great, but ",
            "the internet works fine, but ",
            "coverage is good, ",
        ],
    },
    "en_note": {
        "attitude": ["agent was courteous, however ", "staff polite, but "],
        "process": ["handled promptly, but ", "no wait reported, however "],
        "price": ["happy with the price, but ", "not a price issue, ", "bill amount correct, however "],
        "quality": ["service working fine, but ", "no technical fault, ", "device in good condition, but "],
    },
}

ES_ABBREV = [
    (r"\bque\b", ["q", "k", "q"]),
    (r"\bporque\b", ["xq", "pq", "porq"]),
    (r"\bpor qué\b", ["xq", "pq"]),
    (r"\btambién\b", ["tb", "tmb"]),
    (r"\bcliente\b", ["cte", "clte", "cl"]),
    (r"\bclienta\b", ["clta", "cta"]),
    (r"\bpor favor\b", ["xfa", "porfa"]),
    (r"\bteléfono\b", ["tel", "tlf"]),
    (r"\bnúmero\b", ["nro", "n°", "num"]),
    (r"\bminutos\b", ["min", "mins"]),
    (r"\bsin\b", ["s/"]),
    (r"\bcon\b", ["c/"]),
    (r"\bpor\b", ["x"]),
    (r"\bsemana\b", ["sem"]),
    (r"\busuario\b", ["usr"]),
    (r"\bmensaje\b", ["msj"]),
    (r"\bpara\b", ["pa", "p/"]),
    (r"\bdepartamento\b", ["depto", "dpto"]),
    (r"\bsupervisor\b", ["sup", "superv"]),
    (r"\bfactura\b", ["fact"]),
    (r"\bnada\b", ["na"]),
]
EN_ABBREV = [
    (r"\bcustomer\b", ["cust", "cx", "cstmr"]),
    (r"\bbecause\b", ["bc", "cuz", "b/c"]),
    (r"\byou\b", ["u"]),
    (r"\byour\b", ["ur"]),
    (r"\bplease\b", ["pls", "plz"]),
    (r"\bwith\b", ["w/"]),
    (r"\bwithout\b", ["w/o"]),
    (r"\bnumber\b", ["no.", "num"]),
    (r"\baccount\b", ["acct", "acc"]),
    (r"\bminutes\b", ["mins", "min"]),
    (r"\binformation\b", ["info"]),
    (r"\bthanks\b", ["thx"]),
    (r"\bmessage\b", ["msg"]),
    (r"\bdepartment\b", ["dept"]),
    (r"\bsupervisor\b", ["sup", "supv"]),
    (r"\btechnician\b", ["tech"]),
    (r"\bare\b", ["r"]),
    (r"\bI am\b", ["im", "i'm"]),
]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip in one word of five letters or more: swap, drop or double a letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1:
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def abbreviate(text: str, lang: str, rng: random.Random) -> str:
    table = ES_ABBREV if lang == "es" else EN_ABBREV
    for pattern, options in table:
        if rng.random() < 0.6:
            text = re.sub(pattern, lambda _m, o=options: rng.choice(o), text)
    return text


def roughen(text: str, lang: str, style: str, rng: random.Random) -> str:
    """Make a clean sentence look like a real log line."""
    if rng.random() < (0.45 if style == "note" else 0.25):
        text = abbreviate(text, lang, rng)
    if lang == "es" and rng.random() < 0.4:
        text = strip_accents(text)
    if rng.random() < P_TYPO:
        text = typo(text, rng)
    r = rng.random()
    if r < 0.1:
        text = text.upper()
    elif r < 0.55:
        text = text[:1].upper() + text[1:]
    end = rng.random()
    if end < 0.3:
        text += "."
    elif end < 0.36:
        text += "!!"
    elif end < 0.4:
        text += "..."
    return text


def compose(
    label: str, lang: str, voice: str, rng: random.Random, clause: str | None = None
) -> tuple[str, str]:
    """A roughened note built around one clause; returns ``(text, clause)``."""
    spec = F[label]
    key = f"{lang}_{voice}"
    clauses: list[str] = spec[key]  # type: ignore[assignment]
    c = clause if clause is not None else rng.choice(clauses)
    core = c
    family = str(spec["family"])
    if voice != "short" and family != "none" and rng.random() < P_DOUBLE:
        # two symptoms of the same subtype in one note
        other = rng.choice([x for x in clauses if x != c] or clauses)
        c = f"{c}{rng.choice([', además ', ' y encima ', '. también '] if lang == 'es' else [', also ', ' and on top of that ', '. plus '])}{other}"
    if voice != "short" and family != "none" and rng.random() < P_CONTRAST:
        contrasts = CONTRASTS[key]
        c = rng.choice(contrasts[rng.choice([f for f in contrasts if f != family])]) + c
    frames = FRAMES[key]["any"] + (FRAMES[key]["fail"] if family != "none" else [])
    frame = rng.choice(frames)
    text = frame.replace("{c}", c)
    if voice != "short" and rng.random() < P_TAIL:
        text += rng.choice(TAILS[lang])
    style = "note" if voice == "note" else "voice"
    return roughen(text, lang, style, rng), core


# What the agent said, for chat transcripts and call transcriptions ("Agente: …"). The field's
# vocabulary is often the agent's own words: "no estamos autorizados", "eso lo maneja otra área".
AGENT: dict[str, dict[str, list[str]]] = {
    "rude": {
        "es_agent": [
            "mire, si no le gusta se puede ir a otra compañía",
            "no tengo tiempo para esto",
            "ya le dije que no, no insista",
        ],
        "en_agent": [
            "look, if you don't like it go somewhere else",
            "I haven't got time for this",
            "I already said no, stop asking",
        ],
    },
    "not_listening": {
        "es_agent": ["como le decía, reinicie el equipo y listo", "eso no tiene importancia, sigamos"],
        "en_agent": ["as I said, just restart the router", "that's not important, let's move on"],
    },
    "blaming_customer": {
        "es_agent": [
            "eso pasa porque usted no leyó el contrato",
            "seguramente usted lo configuró mal",
            "la responsabilidad es suya por no avisar",
        ],
        "en_agent": [
            "that happens because you didn't read the contract",
            "you must have set it up wrong",
            "that's on you for not telling us",
        ],
    },
    "scripted_refusal": {
        "es_agent": [
            "entiendo su molestia y créame que quisiera ayudarle, pero no es posible",
            "lamentamos los inconvenientes ocasionados",
            "comprendo, pero lamentablemente no puedo hacer nada más",
        ],
        "en_agent": [
            "I completely understand and I'd love to help, but unfortunately it's not possible",
            "we apologise for any inconvenience caused",
            "I hear you, but sadly there's nothing more I can do",
        ],
    },
    "impersonal": {
        "es_agent": ["número de cuenta", "indique rut y número de contrato"],
        "en_agent": ["account number", "give me the reference number"],
    },
    "lack_of_knowledge": {
        "es_agent": [
            "disculpe, soy nuevo y no sé cómo se hace eso",
            "no sabría decirle, no conozco ese plan",
            "yo soy nueva, no manejo ese tema",
        ],
        "en_agent": [
            "sorry, I'm new and I don't know how to do that",
            "I couldn't tell you, I don't know that plan",
            "I'm new here, not sure about that",
        ],
    },
    "aggressive_selling": {
        "es_agent": [
            "antes de eso, le ofrezco nuestro plan premium con descuento",
            "¿no le interesa contratar el seguro adicional?",
        ],
        "en_agent": [
            "before that, can I offer you our premium bundle at a discount?",
            "wouldn't you like to add our extra insurance?",
        ],
    },
    "policy_refusal": {
        "es_agent": [
            "no estamos autorizados a hacer devoluciones",
            "el sistema no me permite hacer ese cambio",
            "la compañía no lo permite",
            "por política no puedo anular ese cargo",
        ],
        "en_agent": [
            "we're not authorised to give refunds",
            "the system won't let me make that change",
            "the company doesn't allow it",
            "policy says I can't reverse that charge",
        ],
    },
    "handoff": {
        "es_agent": [
            "eso lo maneja otra área, le doy el número",
            "lo voy a transferir con el departamento correspondiente",
            "eso no lo vemos nosotros, tiene que ir a la sucursal",
        ],
        "en_agent": [
            "that's handled by another department, here's their number",
            "I'll transfer you to the right team",
            "we don't deal with that, you'll have to go to the branch",
        ],
    },
    "repeat_contact": {
        "es_agent": [
            "veo que es su cuarto reclamo por lo mismo",
            "registra varios contactos anteriores por esta falla",
        ],
        "en_agent": [
            "I can see this is your fourth complaint about this",
            "there are several earlier contacts about this fault",
        ],
    },
    "long_wait": {
        "es_agent": [
            "disculpe la demora, tenemos alta demanda",
            "gracias por esperar, su tiempo de espera fue de 48 minutos",
        ],
        "en_agent": ["sorry for the long wait, we're very busy", "thanks for holding, you waited 48 minutes"],
    },
    "broken_promise": {
        "es_agent": [
            "veo que la visita estaba agendada para ayer y no se realizó",
            "efectivamente el despacho debió llegar la semana pasada",
        ],
        "en_agent": [
            "I can see the visit was booked for yesterday and didn't happen",
            "yes, the delivery should have arrived last week",
        ],
    },
    "no_follow_up": {
        "es_agent": [
            "veo que su caso no tiene gestión desde hace un mes",
            "su reclamo quedó sin respuesta, lo siento",
        ],
        "en_agent": [
            "I can see your case hasn't been touched in a month",
            "your complaint was never answered, sorry",
        ],
    },
    "escalation_blocked": {
        "es_agent": [
            "no puedo transferirlo con un supervisor",
            "toca esperar a la supervisora, hoy no está",
            "no hay jefatura disponible",
        ],
        "en_agent": [
            "I can't put you through to a supervisor",
            "you'll have to wait for the supervisor, she's not in today",
            "there's no manager available",
        ],
    },
    "billing_error": {
        "es_agent": ["efectivamente hay un error en su factura", "sí, veo que se le cobró dos veces"],
        "en_agent": ["yes, there's a mistake on your bill", "I can see you were charged twice"],
    },
    "price_too_high": {
        "es_agent": ["la tarifa subió por el reajuste anual", "no tenemos planes más económicos"],
        "en_agent": ["the price went up with the annual review", "we don't have any cheaper plans"],
    },
    "unexpected_charges": {
        "es_agent": [
            "ese cargo corresponde a una comisión de mantención",
            "la penalidad por término anticipado se aplica automáticamente",
        ],
        "en_agent": ["that's an account maintenance fee", "the early exit fee is applied automatically"],
    },
    "competitor_cheaper": {
        "es_agent": [
            "no podemos igualar la oferta de la otra compañía",
            "lamentablemente no tengo una contraoferta de precio",
        ],
        "en_agent": [
            "we can't match the other company's offer",
            "unfortunately I have no price counter-offer",
        ],
    },
    "product_defect": {
        "es_agent": ["lamento que el equipo haya llegado dañado", "ese modelo tiene una falla conocida"],
        "en_agent": ["sorry the item arrived faulty", "that model has a known fault"],
    },
    "outage": {
        "es_agent": ["hay una falla masiva en su sector", "estamos con problemas en la red"],
        "en_agent": ["there's a known outage in your area", "we're having network problems"],
    },
    "competitor_better": {
        "es_agent": ["no tenemos cobertura de fibra en su dirección", "no podemos ofrecerle esa velocidad"],
        "en_agent": ["we don't have fibre at your address", "we can't offer you that speed"],
    },
    "none": {
        "es_agent": [
            "listo, quedó realizado",
            "claro, se lo envío al correo",
            "su pago está registrado",
            "la fecha de entrega es el jueves",
            "sí, tenemos ese plan, le detallo",
            "el valor del plan es de 19.990 mensuales",
        ],
        "en_agent": [
            "done, anything else?",
            "sure, I've emailed it to you",
            "your payment is registered",
            "delivery is due on Thursday",
            "yes, we have that plan, here are the details",
            "that plan is 24.99 a month",
        ],
    },
}

# Neutral turns that frame a transcript. "fail" ones carry the complaint tone.
CHAT_TURNS: dict[str, dict[str, list[str]]] = {
    "es": {
        "agent_any": [
            "buenas tardes, ¿en qué le puedo ayudar?",
            "permítame revisar",
            "un momento por favor",
            "gracias por comunicarse",
        ],
        "agent_fail": [
            "lamento lo ocurrido, voy a revisar",
            "disculpe las molestias",
            "entiendo, déjeme ver",
        ],
        "customer_any": ["hola", "buenas", "tengo una consulta", "hola, buenas tardes"],
        "customer_fail": [
            "tengo un problema",
            "quiero reclamar",
            "no puede ser",
            "otra vez lo mismo",
            "y entonces?",
        ],
        "agent_tag": ["Agente", "Ejecutivo", "Asesor", "agente"],
        "customer_tag": ["Cliente", "cliente", "Usuario"],
    },
    "en": {
        "agent_any": [
            "good afternoon, how can I help?",
            "let me check that for you",
            "one moment please",
            "thanks for contacting us",
        ],
        "agent_fail": [
            "I'm sorry to hear that, let me look",
            "apologies for the trouble",
            "I see, let me check",
        ],
        "customer_any": ["hi", "hello", "quick question", "hi there"],
        "customer_fail": [
            "I have a problem",
            "I want to complain",
            "you're kidding",
            "same thing again",
            "so what now?",
        ],
        "agent_tag": ["Agent", "Rep", "agent"],
        "customer_tag": ["Customer", "customer", "Me"],
    },
}


def chat(label: str, lang: str, rng: random.Random, agent_clause: str | None = None) -> tuple[str, str]:
    """A two-speaker snippet: the failure is in the agent's words or in the customer's."""
    spec = F[label]
    turns = CHAT_TURNS[lang]
    fail = spec["family"] != "none"
    a_tag, c_tag = rng.choice(turns["agent_tag"]), rng.choice(turns["customer_tag"])
    agent_lines = turns["agent_any"] + (turns["agent_fail"] if fail else [])
    cust_lines = turns["customer_any"] + (turns["customer_fail"] if fail else [])
    agent_own: list[str] = AGENT[label][f"{lang}_agent"]
    if agent_clause is not None or rng.random() < 0.5:
        core = agent_clause if agent_clause is not None else rng.choice(agent_own)
        text = f"{c_tag}: {rng.choice(cust_lines)}. {a_tag}: {core}"
        if fail and rng.random() < 0.4:
            text += f". {c_tag}: {rng.choice(turns['customer_fail'])}"
    else:
        core = rng.choice(spec[f"{lang}_voice"])  # type: ignore[arg-type]
        if rng.random() < 0.5:
            text = f"{a_tag}: {rng.choice(agent_lines)}. {c_tag}: {core}"
        else:
            text = f"{c_tag}: {core}. {a_tag}: {rng.choice(agent_lines)}"
    if rng.random() < 0.25:
        text = f"[{rng.randrange(8, 21):02d}:{rng.randrange(60):02d}] {text}"
    return roughen(text, lang, "voice", rng), core


def build(rng: random.Random) -> list[dict[str, str]]:
    """All rows: every clause at least once, then random compositions up to the target count.

    Each row also carries ``group``, the hand-written clause it was built around, so that
    cross-validation can keep all variants of one clause in the same fold (not written to the CSV).
    """
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(composed: tuple[str, str], lang: str, label: str) -> bool:
        text, clause = composed
        key = " ".join(strip_accents(text).lower().split())
        if key in seen:
            return False
        seen.add(key)
        family = str(F[label]["family"])
        rows.append(
            {
                "text": text,
                "lang": lang,
                "family": family,
                "subtype": "" if label == "none" else label,
                "group": f"{label}|{clause}",
            }
        )
        return True

    voices = [
        ("es", "note"),
        ("es", "voice"),
        ("en", "note"),
        ("en", "voice"),
        ("es", "short"),
        ("en", "short"),
    ]
    for label in F:
        # Equal rows per family (not per subtype): frames such as "reclamo:" or "cancellation
        # request," are family-neutral, and they stay neutral only if every family uses them equally.
        family = str(F[label]["family"])
        n_sub = sum(1 for spec in F.values() if spec["family"] == family)
        target = ROWS_PER_FAMILY if label == "none" else -(-ROWS_PER_FAMILY // n_sub)
        n = 0
        for lang, voice in voices:
            for clause in F[label][f"{lang}_{voice}"]:  # type: ignore[union-attr]
                n += add(compose(label, lang, voice, rng, clause), lang, label)
        for lang in ("es", "en"):
            for clause in AGENT[label][f"{lang}_agent"]:
                n += add(chat(label, lang, rng, clause), lang, label)
        attempts = 0
        while n < target and attempts < 5000:
            attempts += 1
            lang = "es" if rng.random() < 0.62 else "en"
            voice = rng.choices(["note", "voice", "short", "chat"], weights=[0.4, 0.4, 0.08, 0.12])[0]
            composed = chat(label, lang, rng) if voice == "chat" else compose(label, lang, voice, rng)
            n += add(composed, lang, label)
    return rows


def main() -> int:
    rng = random.Random(SEED)
    rows = build(rng)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["text", "lang", "family", "subtype"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
