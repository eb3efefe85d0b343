"""Free text for the demo generator: interaction notes and what leaving customers say.

Notes are built compositionally so that no subtype is ever one fixed sentence:
opener × core phrasing (≥ 8 per subtype and language, agent's and customer's voice) × the
object of the contact (``{thing}``, by topic) × optional detail × recovery or resolution wording
× closer, then a fraction get missing accents, abbreviations, typos and odd casing. Ordinary
contacts get neutral notes, some of which mention price, speed or outages on purpose so that a
keyword matcher is fooled.

Everything here is vocabulary plus a few vectorised helpers; the random draws come from the
generator passed in, so the text is deterministic given the demo's seed. Only characters that
Windows-1252 can encode are used (the ``es`` export is written in that encoding).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analytics.taxonomy import SUBTYPES

LANGS = ("es", "en")

# --- the object of the contact, by topic ---------------------------------------------------------
THINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "billing": {
        "es": ("la factura", "el cobro del mes", "el recibo", "un cargo de la factura", "el pago"),
        "en": ("the bill", "this month's invoice", "a charge on the bill", "the payment"),
    },
    "internet": {
        "es": ("el internet", "la conexión", "el wifi", "la fibra"),
        "en": ("the internet", "the connection", "the wifi", "the broadband"),
    },
    "tv": {
        "es": ("la TV", "el decodificador", "los canales", "el servicio de televisión"),
        "en": ("the TV", "the set-top box", "the channels", "the TV service"),
    },
    "mobile": {
        "es": ("la línea móvil", "el celular", "los datos móviles", "la portabilidad"),
        "en": ("the mobile line", "the phone", "mobile data", "the number transfer"),
    },
    "landline": {
        "es": ("el teléfono fijo", "la línea fija"),
        "en": ("the landline", "the home phone"),
    },
    "move": {
        "es": ("el traslado", "el cambio de domicilio", "la mudanza del servicio"),
        "en": ("the move", "the change of address", "moving the service"),
    },
    "contract": {
        "es": ("el contrato", "la permanencia", "el cambio de plan", "el plan"),
        "en": ("the contract", "the minimum term", "the plan change", "the plan"),
    },
    "device": {
        "es": ("el router", "el módem", "el equipo", "el repetidor"),
        "en": ("the router", "the modem", "the device", "the extender"),
    },
    "installation": {
        "es": ("la instalación", "la visita técnica", "el alta del servicio"),
        "en": ("the installation", "the technician visit", "the service activation"),
    },
}
TOPICS: tuple[str, ...] = tuple(THINGS)

# --- failure cores: subtype -> lang -> (agent's voice, customer's voice) ---------------------------
# Agent-voice cores are content clauses, so they read both after "Cliente indica que " and alone.
FAILURE_CORES: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    # attitude -------------------------------------------------------------------------------------
    "rude": {
        "es": (
            (
                "el asesor le colgó la llamada",
                "lo atendieron de mala gana",
                "la agente le contestó de mala manera y le colgó",
                "el agente fue grosero con el cliente",
                "en la tienda lo atendieron con desgano y sin mirarlo",
                "hubo trato grosero por parte del asesor anterior",
            ),
            (
                "me colgó",
                "me colgaron dos veces",
                "me atendieron de mala gana",
                "la señorita fue muy grosera conmigo",
                "el que me atendió ni me miró, todo de mala gana",
            ),
        ),
        "en": (
            (
                "the previous agent hung up on the customer",
                "the rep was rude and dismissive",
                "they were served grudgingly at the store",
                "the agent was short with them and ended the call",
                "staff were rude to the customer",
            ),
            (
                "he hung up on me",
                "the lady was really rude to me",
                "they hung up on me twice",
                "the guy at the store could not have cared less",
            ),
        ),
    },
    "not_listening": {
        "es": (
            (
                "no lo escucharon",
                "el asesor no lo dejó explicar el problema con {thing}",
                "le respondieron otra cosa, nadie entendió lo que pedía",
                "lo interrumpían todo el tiempo",
                "no hubo ninguna empatía con su situación",
            ),
            (
                "nadie me escucha",
                "no me dejaron terminar de explicar",
                "le expliqué tres veces lo de {thing} y no me escuchó",
                "parecía que hablaba con una pared",
            ),
        ),
        "en": (
            (
                "nobody listened to the customer",
                "the agent kept interrupting and did not let them explain the issue with {thing}",
                "they got an answer to a different question",
                "there was zero empathy for their situation",
                "the rep did not listen and the customer had to repeat everything",
            ),
            (
                "nobody listens",
                "i explained the problem with {thing} three times and she still didn't get it",
                "it was like talking to a wall",
                "he wasn't even listening to me",
            ),
        ),
    },
    "blaming_customer": {
        "es": (
            (
                "el asesor le dijo que el problema con {thing} era culpa suya",
                "le echaron la culpa por no leer el contrato",
                "le dijeron que seguramente lo estaba usando mal",
                "le indicaron que la falla era por mal uso del equipo",
                "lo culparon del error",
            ),
            (
                "me echaron la culpa a mí",
                "me dijeron que yo lo había configurado mal",
                "según ellos es mi culpa por no leer la letra pequeña",
                "me trataron como si yo fuera el culpable",
            ),
        ),
        "en": (
            (
                "the agent told the customer the problem with {thing} was their own fault",
                "they were blamed for not reading the contract",
                "the rep suggested they must be using it wrong",
                "they were told the fault was caused by misuse",
                "they got blamed for the error",
            ),
            (
                "they blamed me for it",
                "apparently it's my fault for not reading the small print",
                "he said i must have set it up wrong",
                "they made it sound like i broke it",
            ),
        ),
    },
    "scripted_refusal": {
        "es": (
            (
                "le respondieron 'yo entiendo y créame que quisiera ayudarle pero...' y no hicieron nada",
                "el asesor repitió el guion sin dar solución sobre {thing}",
                "le dieron una respuesta de guion y no se buscó alternativa",
                "solo le leyeron el mismo texto de siempre",
                "le dijeron 'entiendo su molestia' cinco veces y nada",
            ),
            (
                "yo entiendo y créame que quisiera ayudarle pero... eso fue todo lo que me dijeron",
                "me leyeron un guion y ya",
                "todo era 'entiendo su molestia' pero ninguna solución",
                "puras frases hechas, nadie intentó ayudarme con {thing}",
            ),
        ),
        "en": (
            (
                "all they got was 'I understand and believe me I would like to help you, but...'",
                "the agent read from the script with no attempt to sort out {thing}",
                "they got a scripted answer and no alternative was offered",
                "they kept hearing the same canned text",
                "the rep said 'I understand your frustration' several times and did nothing",
            ),
            (
                "i understand, believe me i'd like to help but... that's all i got",
                "they just read me a script",
                "all i got was canned phrases, no one tried to fix {thing}",
                "'i understand your frustration' over and over, zero help",
            ),
        ),
    },
    "impersonal": {
        "es": (
            (
                "lo llamaron por el número de cuenta",
                "no lo saludaron, solo le pidieron el número de cuenta",
                "la atención fue fría e impersonal",
                "lo trataron como un número de expediente",
                "el asesor no se identificó ni saludó",
            ),
            (
                "me llamaron por mi número de cuenta, ni mi nombre sabían",
                "ni un buenos días, solo 'número de cuenta'",
                "soy un número más para ustedes",
                "me trataron como un expediente, no como persona",
            ),
        ),
        "en": (
            (
                "they were addressed by account number",
                "there was no greeting, the agent only asked for the account number",
                "the service was cold and impersonal",
                "they were treated like a case number",
                "the agent did not introduce themselves or greet the customer",
            ),
            (
                "they called me by my account number, not my name",
                "not even a hello, just 'account number?'",
                "i'm just a number to you people",
                "treated like a ticket, not a person",
            ),
        ),
    },
    "lack_of_knowledge": {
        "es": (
            (
                "el asesor le dijo 'yo soy nuevo' y no supo resolver lo de {thing}",
                "el agente no conocía el producto",
                "le dieron información equivocada sobre {thing}",
                "la persona de la tienda no sabía cómo hacer el trámite",
                "el asesor no supo explicar las condiciones del plan",
            ),
            (
                "me dijo que era nuevo y no sabía",
                "yo soy nuevo, me dijo, y me dejó igual",
                "no tenían idea de cómo funciona {thing}",
                "cada uno me dice una cosa distinta",
            ),
        ),
        "en": (
            (
                "the agent said 'I'm new' and could not help with {thing}",
                "the rep did not know the product",
                "they were given wrong information about {thing}",
                "store staff did not know how to process the request",
                "the agent could not explain the plan terms",
            ),
            (
                "he said he was new and didn't know",
                "nobody there knows how {thing} works",
                "every person tells me something different",
                "the girl at the store had no clue",
            ),
        ),
    },
    "aggressive_selling": {
        "es": (
            (
                "llamó por {thing} y el asesor insistió en venderle otro plan",
                "le quisieron vender el premium en vez de atender el reclamo",
                "hubo demasiada insistencia comercial",
                "le ofrecieron tres productos antes de escuchar su problema",
                "le vendieron un paquete que no pidió",
            ),
            (
                "llamé por un problema y solo querían venderme más cosas",
                "no paraban de ofrecerme el plan premium",
                "me metieron un servicio que no pedí",
                "yo no quería otro plan, quería que arreglaran {thing}",
            ),
        ),
        "en": (
            (
                "they called about {thing} and the rep kept pushing an upgrade",
                "the agent tried to upsell premium instead of handling the complaint",
                "the sales pitch was far too pushy",
                "three products were offered before anyone heard the problem",
                "they were signed up to a bundle they did not ask for",
            ),
            (
                "i called with a problem and all they wanted was to sell me more",
                "they wouldn't stop pushing the premium plan",
                "i didn't want a new plan, i wanted {thing} fixed",
                "they added a service i never asked for",
            ),
        ),
    },
    # process --------------------------------------------------------------------------------------
    "policy_refusal": {
        "es": (
            (
                "se le dijo que no estamos autorizados a hacer el cambio",
                "la solicitud sobre {thing} se rechazó porque la compañía no lo permite",
                "pidió una excepción y se le dijo que el sistema no lo permite",
                "no se puede aplicar lo que pide por política de la empresa",
                "la normativa interna no permite lo que solicita",
            ),
            (
                "no estamos autorizados, me dijeron",
                "la compañía no lo permite, siempre la misma respuesta",
                "el sistema no lo permite, así de simple",
                "me dijeron que por política no pueden hacer nada con {thing}",
            ),
        ),
        "en": (
            (
                "they were told we are not authorised to make that change",
                "the request about {thing} was refused because company policy does not allow it",
                "they asked for an exception and were told the system does not allow it",
                "policy does not let us do what the customer asks",
                "internal rules prevent the request",
            ),
            (
                "'we're not authorized to do that' is all they said",
                "the system doesn't allow it, apparently",
                "company policy, company policy, that's all i hear",
                "they said their policy won't let them touch {thing}",
            ),
        ),
    },
    "handoff": {
        "es": (
            (
                "se transfirió porque eso lo maneja otra área",
                "se pasó a soporte técnico por lo de {thing}",
                "se derivó al área de facturación",
                "la llamada se pasó a otro departamento",
                "pasó por tres áreas y nadie lo resolvió",
            ),
            (
                "eso lo maneja otra área, me dijeron, y me pasaron",
                "me pasaron de un lado a otro",
                "me transfirieron cuatro veces",
                "nadie se hace cargo, todos dicen que es de otra área",
            ),
        ),
        "en": (
            (
                "the call was transferred because another department handles that",
                "they were passed to tech support about {thing}",
                "the case went over to the billing team",
                "the call was handed to another department",
                "they bounced between three teams and nobody solved it",
            ),
            (
                "'another department handles that' and off i went",
                "they kept passing me around",
                "got transferred four times",
                "nobody owns the problem, it's always someone else's department",
            ),
        ),
    },
    "repeat_contact": {
        "es": (
            (
                "vuelve a llamar por lo de {thing}, no se resolvió la vez anterior",
                "es el segundo contacto por el mismo tema",
                "el reclamo es reiterado y el caso sigue abierto",
                "ya había reportado lo de {thing} hace unos días",
                "llama otra vez porque no le solucionaron",
            ),
            (
                "es la segunda vez que llamo por lo mismo",
                "ya les había dicho esto hace unos días",
                "otra vez lo mismo, nadie me resolvió lo de {thing}",
                "tengo que volver a llamar porque no lo arreglaron",
            ),
        ),
        "en": (
            (
                "they are calling again about {thing}, it was not fixed last time",
                "this is the second contact on the same issue",
                "the complaint is repeated and the case is still open",
                "they already reported the problem with {thing} a few days ago",
                "they are calling back because the issue was not resolved",
            ),
            (
                "this is the second time i'm calling about this",
                "i already told you this a few days ago",
                "same problem again, nobody fixed {thing}",
                "had to call again because it wasn't fixed",
            ),
        ),
    },
    "long_wait": {
        "es": (
            (
                "esperó más de 30 minutos en línea",
                "reclama por la espera en el menú telefónico",
                "tuvo una espera larga antes de ser atendido",
                "se queja del tiempo de espera en la tienda",
                "estuvo en espera casi una hora",
            ),
            (
                "estuve esperando una eternidad",
                "media hora con la musiquita",
                "el menú de opciones no lleva a ningún lado",
                "tuve que esperar más de una hora para que me atendieran",
            ),
        ),
        "en": (
            (
                "they waited over 30 minutes on hold",
                "they complain about the phone menu and the wait",
                "there was a long wait before being served",
                "the queue at the store was far too long",
                "they were on hold for nearly an hour",
            ),
            (
                "i was on hold forever",
                "half an hour listening to that music",
                "the phone menu goes nowhere",
                "waited more than an hour to talk to someone",
            ),
        ),
    },
    "broken_promise": {
        "es": (
            (
                "se le prometió una llamada y nunca se hizo",
                "la visita técnica prometida no llegó",
                "no se cumplió la fecha prometida para {thing}",
                "la entrega del equipo se atrasó respecto a lo prometido",
                "quedaron en devolver la llamada y no lo hicieron",
            ),
            (
                "me dijeron que me llamaban y nunca llamaron",
                "el técnico nunca vino",
                "me prometieron lo de {thing} para el lunes y nada",
                "siguen sin cumplir lo que prometieron",
            ),
        ),
        "en": (
            (
                "a call-back was promised and never made",
                "the promised technician visit did not happen",
                "the date promised for {thing} was missed",
                "the device was delivered later than promised",
                "we said we would call back and did not",
            ),
            (
                "they said they'd call me back and never did",
                "the technician never showed up",
                "promised me {thing} by monday, nothing",
                "still waiting for what they promised",
            ),
        ),
    },
    "no_follow_up": {
        "es": (
            (
                "nadie hizo seguimiento del caso abierto",
                "el ticket de {thing} quedó olvidado",
                "no se dio seguimiento al reclamo",
                "el caso lleva semanas sin seguimiento",
                "no se le informó nada sobre el avance",
            ),
            (
                "nadie me volvió a llamar",
                "abrí un reclamo y nunca supe nada más",
                "no me avisaron nada de {thing}",
                "el caso quedó en el aire",
            ),
        ),
        "en": (
            (
                "no one followed up on the open case",
                "the ticket about {thing} was forgotten",
                "the complaint was never followed up",
                "the case has had no follow-up for weeks",
                "nobody updated them on progress",
            ),
            (
                "nobody ever got back to me",
                "opened a complaint and never heard anything",
                "no one told me anything about {thing}",
                "my case just disappeared",
            ),
        ),
    },
    "escalation_blocked": {
        "es": (
            (
                "pidió supervisor y no hay supervisor disponible",
                "toca esperar a la supervisora y no lo acepta",
                "se negó el escalamiento",
                "quiere hablar con un gerente y no es posible",
                "no se pudo escalar el caso de {thing}",
            ),
            (
                "pedí hablar con un supervisor y no me dejaron",
                "toca esperar a la supervisora, siempre lo mismo",
                "nadie con poder de decisión me atiende",
                "quise hablar con el director y fue imposible",
            ),
        ),
        "en": (
            (
                "they asked for a supervisor and none was available",
                "the escalation was denied",
                "they want a manager and that is not possible",
                "the {thing} case could not be escalated",
                "they were told to wait for the supervisor and refused",
            ),
            (
                "i asked for a supervisor and they said no",
                "there's never anyone who can actually decide",
                "tried to reach a manager, impossible",
                "'you have to wait for the supervisor', always",
            ),
        ),
    },
    "billing_error": {
        "es": (
            (
                "hay un error en la factura, se cobró dos veces",
                "se facturó un plan que no corresponde",
                "los datos del cliente están mal registrados",
                "se perdió la documentación del trámite",
                "hay un cobro duplicado en el recibo",
            ),
            (
                "me cobraron dos veces",
                "la factura viene con un plan que no tengo",
                "perdieron mis papeles otra vez",
                "tienen mal mis datos y no lo corrigen",
            ),
        ),
        "en": (
            (
                "there is a billing error, the customer was charged twice",
                "they were billed for the wrong plan",
                "the customer's details were entered incorrectly",
                "the paperwork for the request was lost",
                "there is a duplicate charge on the invoice",
            ),
            (
                "you charged me twice",
                "my bill shows a plan i don't have",
                "you lost my paperwork again",
                "my details are wrong and nobody fixes them",
            ),
        ),
    },
    # price ----------------------------------------------------------------------------------------
    "price_too_high": {
        "es": (
            (
                "considera que el precio es muy alto",
                "reclama por el aumento de la cuota",
                "la tarifa subió y no puede pagarla",
                "paga demasiado por {thing}",
                "se queja del precio tras el fin de la promoción",
            ),
            (
                "está carísimo",
                "pago demasiado para lo que recibo",
                "otra vez subieron la tarifa",
                "no me alcanza para pagar esto",
            ),
        ),
        "en": (
            (
                "they find the price too high",
                "they complain about the price increase",
                "the rate went up and they cannot afford it",
                "they feel they pay too much for {thing}",
                "they are unhappy with the price now the promo has ended",
            ),
            (
                "it's way too expensive",
                "i pay too much for what i get",
                "you raised the price again",
                "i can't afford this anymore",
            ),
        ),
    },
    "unexpected_charges": {
        "es": (
            (
                "apareció un cargo inesperado en la factura",
                "no reconoce un cobro extra",
                "hay un cargo adicional sin aviso",
                "se cobró una penalización que no esperaba",
                "le cobraron un servicio que no solicitó",
            ),
            (
                "me llegó un cobro que no entiendo",
                "de dónde sale este cargo extra",
                "nadie me avisó de este cobro",
                "me cobran cosas que no pedí",
            ),
        ),
        "en": (
            (
                "there is an unexpected charge on the bill",
                "they do not recognise an extra charge",
                "an additional fee appeared without notice",
                "they were charged a penalty they did not expect",
                "they were charged for a service they did not request",
            ),
            (
                "there's a charge i don't understand",
                "where does this extra fee come from",
                "nobody told me about this charge",
                "you're charging me for stuff i didn't ask for",
            ),
        ),
    },
    "competitor_cheaper": {
        "es": (
            (
                "tiene una oferta más barata de la competencia",
                "otra compañía le da lo mismo por menos",
                "compara con una oferta de la competencia",
                "pide igualar el precio de otro operador",
                "en otra empresa le cobran la mitad",
            ),
            (
                "en la competencia me lo dejan más barato",
                "otra compañía me ofrece lo mismo por menos",
                "si no me igualan el precio me voy",
                "encontré una oferta mejor en otro lado",
            ),
        ),
        "en": (
            (
                "they have a cheaper offer from a competitor",
                "another provider gives the same for less",
                "they are comparing with a competitor's offer",
                "they ask us to match another provider's price",
                "another company charges them half",
            ),
            (
                "the competition is cheaper",
                "another company offers the same for less",
                "match their price or i'm leaving",
                "found a better deal elsewhere",
            ),
        ),
    },
    # quality --------------------------------------------------------------------------------------
    "product_defect": {
        "es": (
            (
                "el equipo está defectuoso y no enciende",
                "el router falla desde la instalación",
                "el decodificador tiene fallas y se reinicia solo",
                "el módem vino dañado",
                "el equipo entregado presenta fallas",
            ),
            (
                "el aparato no funciona",
                "el router se apaga solo",
                "me entregaron un equipo dañado",
                "el deco se congela todo el tiempo",
            ),
        ),
        "en": (
            (
                "the device is faulty and does not power on",
                "the router has been failing since installation",
                "the set-top box is faulty and keeps rebooting",
                "the modem arrived damaged",
                "the delivered device is defective",
            ),
            (
                "the box doesn't work",
                "the router keeps turning itself off",
                "you sent me a broken device",
                "the decoder freezes all the time",
            ),
        ),
    },
    "outage": {
        "es": (
            (
                "está sin servicio desde ayer",
                "hay cortes constantes de internet",
                "el servicio es inestable y se cae varias veces al día",
                "la señal se pierde en las noches",
                "la velocidad está muy por debajo de lo contratado",
            ),
            (
                "se me cae el internet a cada rato",
                "llevo dos días sin servicio",
                "la conexión es lentísima",
                "no tengo señal en la casa",
            ),
        ),
        "en": (
            (
                "they have had no service since yesterday",
                "the internet keeps dropping out",
                "the service is unstable and drops several times a day",
                "the signal is lost every evening",
                "the speed is far below what was contracted",
            ),
            (
                "the internet keeps dropping",
                "two days with no service",
                "the connection is super slow",
                "no signal at home",
            ),
        ),
    },
    "competitor_better": {
        "es": (
            (
                "la competencia tiene mejor cobertura",
                "otro operador tiene fibra en su zona",
                "otra compañía ofrece más velocidad",
                "el servicio de la competencia es mejor",
                "otro operador le ofrece más canales",
            ),
            (
                "la competencia tiene mejor señal",
                "mi vecino tiene otra compañía y le va mucho mejor",
                "en otro lado tengo fibra de verdad",
                "el servicio de los otros es mejor",
            ),
        ),
        "en": (
            (
                "a competitor has better coverage",
                "another provider has fibre in their area",
                "another company offers faster speeds",
                "the competition's service is better",
                "another provider offers more channels",
            ),
            (
                "the competition has better signal",
                "my neighbour is with another company and it works much better",
                "i can get real fibre elsewhere",
                "their service is just better",
            ),
        ),
    },
}

# --- ordinary contacts ---------------------------------------------------------------------------
# Neutral notes, a few mentioning price, speed, cuts or supervisors on purpose (keyword bait).
ORDINARY_GENERIC: dict[str, tuple[str, ...]] = {
    "es": (
        "consulta general",
        "consulta saldo",
        "actualiza datos de contacto",
        "agradece la atención",
        "pregunta el horario de atención",
        "pide estado de cuenta, se envía por correo",
        "cambia el método de pago",
        "confirma pago recibido",
        "consulta precio del plan premium",
        "pregunta por la velocidad del internet, se explica",
        "pregunta si hubo cortes en su zona, se informa que no",
        "pide el teléfono del supervisor para felicitar al asesor",
        "comenta que la atención anterior fue muy buena",
        "pregunta por ofertas para clientes antiguos",
    ),
    "en": (
        "general enquiry",
        "asked about account balance",
        "updated contact details",
        "thanked us for the help",
        "asked for opening hours",
        "requested account statement, sent by e-mail",
        "changed payment method",
        "confirmed payment received",
        "asked about the price of the premium plan",
        "asked about internet speed, explained",
        "asked whether there were outages in the area, told no",
        "asked for a supervisor's name to compliment the agent",
        "said the last agent was great",
        "asked about offers for long-standing customers",
    ),
}
ORDINARY_BY_TOPIC: dict[str, dict[str, tuple[str, ...]]] = {
    "billing": {
        "es": (
            "solicita duplicado de la factura",
            "consulta la fecha de corte de facturación",
            "pregunta cómo pagar en línea",
            "consulta el detalle de la factura",
        ),
        "en": (
            "requested a copy of the invoice",
            "asked about the billing cut-off date",
            "asked how to pay online",
            "asked about a line on the bill, explained",
        ),
    },
    "internet": {
        "es": (
            "solicita cambio de clave del wifi",
            "consulta la velocidad contratada, se verifica ok",
            "pide ayuda para conectar una impresora",
            "consulta cobertura de fibra",
        ),
        "en": (
            "asked to change the wifi password",
            "asked us to check the contracted speed",
            "needed help connecting a printer",
            "asked about fibre coverage",
        ),
    },
    "tv": {
        "es": ("activa un canal adicional", "consulta la programación", "pide PIN de control parental"),
        "en": ("added an extra channel", "asked about the programme guide", "asked for the parental PIN"),
    },
    "mobile": {
        "es": ("consulta consumo de datos", "activa roaming para viaje", "solicita duplicado de SIM"),
        "en": ("asked about data usage", "activated roaming for a trip", "requested a replacement SIM"),
    },
    "landline": {
        "es": ("pide desvío de llamadas", "consulta tarifas de llamadas internacionales"),
        "en": ("asked for call forwarding", "asked about international calls"),
    },
    "move": {
        "es": ("solicita traslado a nueva dirección, se agenda", "consulta requisitos del traslado"),
        "en": ("requested service move to new address, booked", "asked what is needed to move the service"),
    },
    "contract": {
        "es": (
            "cambia a plan plus según lo solicitado",
            "consulta fin de permanencia",
            "pide copia del contrato",
        ),
        "en": (
            "changed plan as requested",
            "asked when the minimum term ends",
            "requested a copy of the contract",
        ),
    },
    "device": {
        "es": (
            "pide reinicio remoto del router, queda funcionando",
            "programa cambio de equipo",
            "consulta cómo configurar el repetidor",
        ),
        "en": (
            "needed a remote router reboot, working again",
            "booked a device swap",
            "asked how to set up the extender",
        ),
    },
    "installation": {
        "es": ("agenda la instalación", "confirma la visita técnica", "consulta el estado del alta"),
        "en": ("booked the installation", "confirmed the technician visit", "asked about activation status"),
    },
}
ORDINARY_CUSTOMER: dict[str, tuple[str, ...]] = {
    "es": (
        "quería saber mi saldo",
        "gracias por la ayuda",
        "necesito la factura del mes pasado",
        "cómo cambio la clave del wifi?",
        "quiero pasarme al plan plus",
        "todo bien, gracias",
    ),
    "en": (
        "just wanted to check my balance",
        "thanks for the help",
        "i need last month's invoice",
        "how do i change the wifi password?",
        "i'd like to move to the plus plan",
        "all good, thanks",
    ),
}
PENDING_CORES: dict[str, tuple[str, ...]] = {
    "es": (
        "reporta un problema con {thing}, se abre ticket",
        "se registra el caso de {thing}",
        "consulta por {thing}, se revisa",
        "se toma el caso de {thing}, en revisión",
        "reporta falla con {thing}, se hacen pruebas",
    ),
    "en": (
        "reported an issue with {thing}, ticket opened",
        "case about {thing} logged",
        "asked about {thing}, looking into it",
        "case about {thing} taken, under review",
        "reported a fault with {thing}, tests run",
    ),
}
RESOLVED_TAILS: dict[str, tuple[str, ...]] = {
    "es": ("", "", ", se resuelve", ", se informa", ". Resuelto.", ", ok", ", queda conforme", ", listo"),
    "en": ("", "", ", resolved", ", done", ". Resolved.", ", ok", ", customer happy", ", sorted"),
}
PENDING_TAILS: dict[str, tuple[str, ...]] = {
    "es": (
        ", queda pendiente",
        ". Pendiente.",
        ", en revisión",
        ", pendiente respuesta de back office",
        ", se revisará",
    ),
    "en": (", pending", ". Pending.", ", under review", ", awaiting back office", ", to be checked"),
}

# --- openers, details, closers -------------------------------------------------------------------
AGENT_OPENERS: dict[str, tuple[str, ...]] = {
    "es": (
        "",
        "",
        "",
        "Cliente llama: ",
        "Llamada entrante. ",
        "Cl. indica que ",
        "Cliente refiere que ",
        "Se atiende cliente: ",
        "Reclamo: ",
        "Obs: ",
        "Nota agente: ",
        "Cliente comenta que ",
        "Clienta manifiesta que ",
        "Cte. dice que ",
    ),
    "en": (
        "",
        "",
        "",
        "Inbound call: ",
        "Customer says ",
        "Cust reports that ",
        "Caller states ",
        "Complaint: ",
        "Note: ",
        "Agent note: ",
        "Customer mentions that ",
        "Caller says ",
    ),
}
CUSTOMER_OPENERS: dict[str, tuple[str, ...]] = {
    "es": (
        "",
        "",
        "Cliente escribe: ",
        "Comentario del cliente: ",
        "Transcripción: ",
        "Cliente dice: ",
        "Encuesta: ",
        "Mensaje: ",
    ),
    "en": (
        "",
        "",
        "Customer writes: ",
        "Customer comment: ",
        "Transcript: ",
        "Customer said: ",
        "Survey: ",
        "Message: ",
    ),
}
ORDINARY_OPENERS: dict[str, tuple[str, ...]] = {
    "es": ("", "", "", "Cliente ", "Cliente llama, ", "Obs: ", "Clienta ", "Cte. "),
    "en": ("", "", "", "Customer ", "Inbound call, customer ", "Note: ", "Caller "),
}
AGENT_DETAILS: dict[str, tuple[str, ...]] = {
    "es": (
        ", cliente muy molesto",
        ", cliente indignado",
        ". Lleva años con nosotros",
        ". Amenaza con darse de baja",
        ". Pide que quede registrado",
        ", dice que lo va a publicar en redes",
        ". Ya no confía en la empresa",
        ", cliente alterado",
        ". Menciona que tiene hijos pequeños y necesita el servicio",
    ),
    "en": (
        ", customer very upset",
        ", customer furious",
        ". Long-standing customer",
        ". Threatens to cancel",
        ". Asked for this to be noted",
        ", says they will post about it online",
        ". Says they no longer trust us",
        ", customer agitated",
        ". Works from home and needs the service",
    ),
}
CUSTOMER_DETAILS: dict[str, tuple[str, ...]] = {
    "es": (
        ". Estoy harto",
        ", qué vergüenza",
        ". Así no se puede",
        ". Esto es el colmo",
        "!!",
        ". Increíble",
    ),
    "en": (". I'm fed up", ", unbelievable", ". This is ridiculous", ". What a joke", "!!", ". Not happy"),
}
UNRESOLVED_FAILURE_TAILS: dict[str, tuple[str, ...]] = {
    "es": (
        "",
        ". Sin solución.",
        ". Queda pendiente.",
        ". No se pudo resolver.",
        ". Cliente cuelga molesto.",
        ". Se cierra sin solución.",
    ),
    "en": (
        "",
        ". No solution.",
        ". Still pending.",
        ". Could not be resolved.",
        ". Customer hung up annoyed.",
        ". Closed without a fix.",
    ),
}
RESOLVED_FAILURE_TAILS: dict[str, tuple[str, ...]] = {
    "es": (". Se resuelve.", ". Finalmente se soluciona.", ". Queda resuelto."),
    "en": (". Resolved.", ". Eventually fixed.", ". Sorted in the end."),
}
RECOVERY_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "apology": {
        "es": ("se pidió disculpas", "se ofrecen disculpas al cliente", "se le pide perdón por lo ocurrido"),
        "en": ("apologised", "we apologised to the customer", "offered our apologies"),
    },
    "compensation": {
        "es": (
            "se bonifica un mes",
            "se aplica crédito en la factura",
            "se bonifica el 20 % de la cuota",
            "se compensa con datos extra",
        ),
        "en": (
            "credit applied",
            "one month credited",
            "20% off next bill applied",
            "compensated with extra data",
        ),
    },
    "follow_up": {
        "es": (
            "se hará seguimiento",
            "se agenda seguimiento en 48h",
            "se le llamará para confirmar",
            "queda con seguimiento",
        ),
        "en": ("follow-up scheduled", "will follow up in 48h", "we'll call to confirm", "follow-up booked"),
    },
}
RECOVERY_RESOLVED: dict[str, tuple[str, ...]] = {
    "es": ("se resuelve", "queda solucionado", "se soluciona en la llamada"),
    "en": ("resolved", "fixed on the call", "issue solved"),
}
APOLOGY_ONLY: dict[str, tuple[str, ...]] = {
    "es": (
        ". Se pidió disculpas pero no se pudo resolver.",
        ". Se ofrecen disculpas, sin solución por ahora.",
    ),
    "en": (". Apologised but could not fix it.", ". Said sorry, no solution for now."),
}
FOLLOW_ONLY: dict[str, tuple[str, ...]] = {
    "es": (". Queda con seguimiento, sin solución aún.",),
    "en": (". Follow-up booked, not fixed yet.",),
}
COMPENSATION_ONLY: dict[str, tuple[str, ...]] = {
    "es": (". Se ofrece bonificación pero el problema sigue.",),
    "en": (". Offered a credit but the problem remains.",),
}

# --- what leaving customers say -------------------------------------------------------------------
STATED_REASONS: dict[str, dict[str, tuple[str, ...]]] = {
    "price": {
        "es": (
            "precio",
            "el precio es muy alto",
            "me sube cada año",
            "encontré una oferta más barata",
            "la competencia me ofrece lo mismo por menos",
            "no puedo pagar la cuota",
            "PRECIO",
            "muy caro",
            "oferta de la competencia",
        ),
        "en": (
            "price",
            "too expensive",
            "found a cheaper offer",
            "price went up again",
            "competitor offered the same for less",
            "can't afford it",
            "PRICE",
            "cheaper elsewhere",
        ),
    },
    "quality": {
        "es": (
            "el internet se cae mucho",
            "mala señal",
            "la competencia tiene mejor cobertura",
            "calidad",
            "servicio lento",
            "muchas fallas técnicas",
            "CALIDAD DEL SERVICIO",
        ),
        "en": (
            "service keeps dropping",
            "bad signal",
            "competitor has better coverage",
            "quality",
            "too slow",
            "constant technical problems",
            "SERVICE QUALITY",
        ),
    },
    "attitude": {
        "es": (
            "pésima atención",
            "me trataron mal",
            "nadie me escucha",
            "mala atención al cliente",
            "el trato de los asesores",
        ),
        "en": (
            "awful customer service",
            "staff were rude",
            "nobody listens",
            "bad customer care",
            "the way agents treat you",
        ),
    },
    "process": {
        "es": (
            "nunca me resolvieron",
            "me pasaron de un área a otra",
            "prometieron llamar y nunca llamaron",
            "demasiadas llamadas para nada",
            "no se puede hablar con nadie que decida",
        ),
        "en": (
            "never got it fixed",
            "kept transferring me",
            "they promised to call and never did",
            "waited hours on the phone",
            "no one can make a decision",
        ),
    },
    "other": {
        "es": (
            "me mudo al extranjero",
            "ya no lo necesito",
            "fallecimiento del titular",
            "me cambio de compañía",
            "traslado",
            "unificamos servicios con mi pareja",
            "cierre del negocio",
            "otros",
            "motivos personales",
            "me voy a vivir con mis padres",
        ),
        "en": (
            "moving abroad",
            "no longer needed",
            "account holder passed away",
            "switching provider",
            "moving house",
            "merging services with partner",
            "business closed",
            "other",
            "personal reasons",
            "moving in with family",
        ),
    },
    "none_given": {"es": ("",), "en": ("",)},
}


def _check_vocabulary() -> None:
    """Every subtype of the taxonomy has ≥ 8 core phrasings per language (checked on import)."""
    for sub in SUBTYPES:
        for lang in LANGS:
            agent, customer = FAILURE_CORES[sub.key][lang]
            if len(agent) + len(customer) < 8:
                raise ValueError(f"subtype {sub.key!r} has fewer than 8 {lang} phrasings")


_check_vocabulary()

_ACCENTS = tuple(zip("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN"))


def _strip_accents(text: str) -> str:
    for src, dst in _ACCENTS:
        if src in text:
            text = text.replace(src, dst)
    return text


_ABBREV = {
    "es": (("que ", "q "), ("porque", "xq"), ("cliente", "cte"), ("también", "tb"), ("por favor", "x fa")),
    "en": (("customer", "cust"), ("because", "bc"), ("you", "u"), ("please", "pls"), ("with", "w/")),
}


def _pick(rng: np.random.Generator, options: Sequence[str], n: int) -> np.ndarray:
    arr = np.asarray(options, dtype=object)
    return arr[rng.integers(0, len(arr), size=n)]


def _typo(text: str, r1: float, r2: float) -> str:
    """One keyboard slip: swap, drop or double a letter."""
    if len(text) < 4:
        return text
    i = int(r1 * (len(text) - 2))
    if not text[i].isalpha() or not text[i + 1].isalpha():
        return text
    op = int(r2 * 3)
    if op == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def roughen(
    rng: np.random.Generator,
    texts: Sequence[str],
    lang: np.ndarray,
    *,
    p_typo: float = 0.12,
    p_no_accents: float = 0.25,
    p_abbrev: float = 0.10,
    p_lower: float = 0.25,
    p_upper: float = 0.03,
) -> list[str]:
    """Make clean texts look typed in a hurry: missing accents, abbreviations, typos, odd casing.

    Sentence case for most texts (first letter capitalised); a share all lower case, a few in
    capitals. Fractions are per text and independent.
    """
    out = np.asarray(texts, dtype=object).copy()
    lang = np.asarray(lang, dtype=object)
    n = out.size
    u = rng.random((n, 7))
    idx = np.flatnonzero((lang == "es") & (u[:, 0] < p_no_accents))
    out[idx] = [_strip_accents(t) for t in out[idx]]
    for k in np.flatnonzero(u[:, 1] < p_abbrev):
        src, dst = _ABBREV[lang[k]][int(u[k, 2] * len(_ABBREV[lang[k]]))]
        out[k] = out[k].replace(src, dst, 1)
    for k in np.flatnonzero(u[:, 3] < p_typo):
        out[k] = _typo(out[k], u[k, 4], u[k, 5])
    c = u[:, 6]
    low = np.flatnonzero(c < p_lower)
    up = np.flatnonzero((c >= p_lower) & (c < p_lower + p_upper))
    sent = np.flatnonzero(c >= p_lower + p_upper)
    out[low] = [t.lower() for t in out[low]]
    out[up] = [t.upper() for t in out[up]]
    out[sent] = [t[:1].upper() + t[1:] for t in out[sent]]
    return out.tolist()


_CALL_WORDS = re.compile(r"llama|call", re.IGNORECASE)
_WRITTEN_WORDS = re.compile(r"escribe|writes|mensaje|message", re.IGNORECASE)
WRITTEN, PHONE, STORE = 0, 1, 2
"""Channel kinds for :func:`interaction_notes`: chat or e-mail, phone, store visit."""


def _openers(bank: tuple[str, ...], kind: int) -> tuple[str, ...]:
    """The openers that fit the channel: a call only on the phone, a written message only in chat or e-mail."""
    return tuple(
        o
        for o in bank
        if not (kind != PHONE and _CALL_WORDS.search(o))
        and not (kind != WRITTEN and _WRITTEN_WORDS.search(o))
    )


def _contract(text: str) -> str:
    """Spanish contractions after filling a slot: 'de el' → 'del', 'a el' → 'al'."""
    return text.replace(" de el ", " del ").replace(" a el ", " al ")


def _groups(*codes: np.ndarray):
    """Yield ``(key, indices)`` for each distinct combination of the integer ``codes`` (one pass)."""
    dims = tuple(int(c.max()) + 1 if c.size else 1 for c in codes)
    key = np.ravel_multi_index(codes, dims) if codes[0].size else np.empty(0, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    ends = np.append(starts[1:], key.size)
    for k, a, b in zip(keys, starts, ends):
        yield tuple(int(x) for x in np.unravel_index(k, dims)), order[a:b]


def _codes(values: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Integer code of each value in ``names`` (ValueError for an unknown value)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    pos = {name: i for i, name in enumerate(names)}
    unknown = [u for u in uniques if u not in pos]
    if unknown:
        raise ValueError(f"unknown values {unknown}; expected some of {list(names)}")
    return (
        np.array([pos[u] for u in uniques], dtype=np.int64)[codes] if len(uniques) else codes.astype(np.int64)
    )


def _recovery_texts(
    rng: np.random.Generator, lang: str, apology: bool, compensation: bool, follow_up: bool, size: int
) -> np.ndarray:
    """``size`` recovery sentences naming exactly the actions that are true, then the resolution."""
    parts = [
        _pick(rng, RECOVERY_PARTS[name][lang], size)
        for name, flag in (("apology", apology), ("compensation", compensation), ("follow_up", follow_up))
        if flag
    ]
    joiner = " y " if lang == "es" else " and "
    body = parts[0]
    for k, part in enumerate(parts[1:], start=1):
        body = body + (joiner if k == len(parts) - 1 else ", ") + part
    body = np.array([b[:1].upper() + b[1:] for b in body], dtype=object)
    return ". " + body + ", " + _pick(rng, RECOVERY_RESOLVED[lang], size) + "."


def interaction_notes(
    rng: np.random.Generator,
    *,
    subtype: np.ndarray,
    topic: np.ndarray,
    lang: np.ndarray,
    customer_voice: np.ndarray,
    resolved: np.ndarray,
    apology: np.ndarray,
    compensation: np.ndarray,
    follow_up: np.ndarray,
    precursor: np.ndarray,
    channel_kind: np.ndarray | None = None,
) -> list[str]:
    """One note per contact.

    ``subtype`` is the taxonomy key for failures and ``""`` for ordinary contacts; ``precursor``
    marks the earlier unresolved contact of a planted repeat contact (it gets a "reported, pending"
    note). Recovery wording is written exactly for the flags that are true, so the note never
    contradicts the structured columns. ``channel_kind`` (:data:`WRITTEN`, :data:`PHONE`,
    :data:`STORE`; default phone) keeps "called"/"wrote" openers on the right channel.
    """
    n = len(subtype)
    sub_names = ("", *FAILURE_CORES)
    sub = _codes(subtype, sub_names)
    top = _codes(topic, TOPICS)
    lg_code = _codes(lang, LANGS)
    lang = np.asarray(LANGS, dtype=object)[lg_code]
    voice = np.asarray(customer_voice, dtype=bool).astype(np.int64)
    call = (
        np.full(n, PHONE, dtype=np.int64)
        if channel_kind is None
        else np.asarray(channel_kind, dtype=np.int64)
    )
    resolved = np.asarray(resolved, dtype=bool)
    precursor = np.asarray(precursor, dtype=bool)
    is_fail = sub > 0
    things = np.empty(n, dtype=object)
    for (t, lg), idx in _groups(top, lg_code):
        things[idx] = _pick(rng, THINGS[TOPICS[t]][LANGS[lg]], idx.size)
    opener = np.full(n, "", dtype=object)
    core = np.full(n, "", dtype=object)
    detail = np.full(n, "", dtype=object)
    tail = np.full(n, "", dtype=object)
    quote = np.zeros(n, dtype=bool)

    # failures: (subtype, language, voice) ----------------------------------------------------------
    fidx = np.flatnonzero(is_fail)
    for (sk, lk, vk, ck), idx in _groups(sub[fidx], lg_code[fidx], voice[fidx], call[fidx]):
        idx = fidx[idx]
        lg = LANGS[lk]
        bank = FAILURE_CORES[sub_names[sk]][lg][vk]
        core[idx] = _pick(rng, bank, idx.size)
        opener[idx] = _pick(rng, _openers(CUSTOMER_OPENERS[lg] if vk else AGENT_OPENERS[lg], ck), idx.size)
        with_detail = rng.random(idx.size) < 0.35
        detail[idx[with_detail]] = _pick(
            rng, CUSTOMER_DETAILS[lg] if vk else AGENT_DETAILS[lg], int(with_detail.sum())
        )
        if vk:
            quote[idx] = (opener[idx] != "") & (rng.random(idx.size) < 0.3)
    # ordinary contacts: (topic, language) ----------------------------------------------------------
    oidx = np.flatnonzero(~is_fail & ~precursor)
    for (tk, lk, ck), idx in _groups(top[oidx], lg_code[oidx], call[oidx]):
        idx = oidx[idx]
        lg, tp = LANGS[lk], TOPICS[tk]
        own_words = (voice[idx] == 1) & (rng.random(idx.size) < 0.5)
        on_topic = rng.random(idx.size) < 0.55
        core[idx] = np.where(
            own_words,
            _pick(rng, ORDINARY_CUSTOMER[lg], idx.size),
            np.where(
                on_topic,
                _pick(rng, ORDINARY_BY_TOPIC[tp][lg], idx.size),
                _pick(rng, ORDINARY_GENERIC[lg], idx.size),
            ),
        )
        opener[idx] = np.where(
            own_words,
            _pick(rng, CUSTOMER_OPENERS[lg], idx.size),
            _pick(rng, _openers(ORDINARY_OPENERS[lg], ck), idx.size),
        )
        tail[idx] = np.where(
            own_words,
            "",
            np.where(
                resolved[idx],
                _pick(rng, RESOLVED_TAILS[lg], idx.size),
                _pick(rng, PENDING_TAILS[lg], idx.size),
            ),
        )
    # the earlier, unresolved contact of a planted repeat contact --------------------------------------
    pidx = np.flatnonzero(precursor)
    for (lk,), idx in _groups(lg_code[pidx]):
        idx = pidx[idx]
        lg = LANGS[lk]
        core[idx] = _pick(rng, PENDING_CORES[lg], idx.size)
        opener[idx] = _pick(rng, _openers(ORDINARY_OPENERS[lg], ck), idx.size)
        tail[idx] = _pick(rng, PENDING_TAILS[lg], idx.size)

    # failure resolution / recovery wording, exactly matching the flags
    apology = np.asarray(apology, dtype=bool)
    compensation = np.asarray(compensation, dtype=bool)
    follow_up = np.asarray(follow_up, dtype=bool)
    flags = (
        lg_code[fidx],
        resolved[fidx].astype(np.int64),
        apology[fidx].astype(np.int64),
        compensation[fidx].astype(np.int64),
        follow_up[fidx].astype(np.int64),
    )
    for (lk, r, a, c, f), idx in _groups(*flags):
        idx = fidx[idx]
        lg = LANGS[lk]
        if r and (a or c or f):
            tail[idx] = _recovery_texts(rng, lg, bool(a), bool(c), bool(f), idx.size)
            continue
        if r:
            bank = RESOLVED_FAILURE_TAILS[lg]
        elif a:
            bank = APOLOGY_ONLY[lg]
        elif f:
            bank = FOLLOW_ONLY[lg]
        elif c:
            bank = COMPENSATION_ONLY[lg]
        else:
            bank = UNRESOLVED_FAILURE_TAILS[lg]
        tail[idx] = _pick(rng, bank, idx.size)

    has_thing = np.flatnonzero([("{" in c) for c in core])
    core[has_thing] = [_contract(c.replace("{thing}", t)) for c, t in zip(core[has_thing], things[has_thing])]
    body = core + detail
    body = np.where(quote, '"' + body + '"', body)
    text = opener + body + tail
    bang = np.flatnonzero([("!!." in t) for t in text])
    text[bang] = [t.replace("!!.", "!!") for t in text[bang]]
    ticket = np.flatnonzero(rng.random(n) < 0.08)
    number = rng.integers(100000, 999999, size=ticket.size).astype(str).astype(object)
    label = np.where(lang[ticket] == "en", " Ticket ", " Caso ")
    stem = np.array([t if t.endswith((".", "!", '"')) else t + "." for t in text[ticket]], dtype=object)
    text[ticket] = stem + label + number + "."
    return roughen(rng, text, lang)


def churn_reason_texts(rng: np.random.Generator, stated: np.ndarray, lang: np.ndarray) -> list[str]:
    """What each leaving customer said, from the stated family (``price``, …, ``other``, ``none_given``)."""
    n = len(stated)
    out = np.full(n, "", dtype=object)
    for fam, banks in STATED_REASONS.items():
        for lg in LANGS:
            idx = np.flatnonzero((stated == fam) & (lang == lg))
            if idx.size:
                out[idx] = _pick(rng, banks[lg], idx.size)
    return roughen(rng, out, np.asarray(lang, dtype=object), p_typo=0.05, p_lower=0.3, p_upper=0.0)
