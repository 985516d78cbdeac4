"""Traces with OpenTelemetry: on when an OTLP endpoint is configured, off and free when not.

The standard variables decide: ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``) turns export on, over OTLP/HTTP; ``OTEL_SDK_DISABLED=true``
or ``OTEL_TRACES_EXPORTER=none`` keep it off; ``OTEL_SERVICE_NAME``, ``OTEL_RESOURCE_ATTRIBUTES``,
``OTEL_TRACES_SAMPLER`` and the exporter's own variables are read by the SDK. Off, nothing is
instrumented and every helper here returns at once: no span is made and no header is written.

One trace runs from the POST to the projector's transaction. The context crosses each
asynchronous hop as W3C Trace Context: in the headers stored with each event in the event store
(the outbox), then in the Kafka headers. There it travels twice, with the same value: as the
CloudEvents distributed-tracing extension (``ce_traceparent``, ``ce_tracestate``: binary mode
maps every attribute to a ``ce_`` header) and as the plain ``traceparent`` / ``tracestate``
headers that OpenTelemetry's Kafka instrumentations read.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Link, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TRACE_HEADERS = ("traceparent", "tracestate")
CLOUDEVENTS_TRACE_HEADERS = ("ce_traceparent", "ce_tracestate")
_ALL_TRACE_HEADERS = frozenset(TRACE_HEADERS + CLOUDEVENTS_TRACE_HEADERS)
NO_HEADERS: Mapping[str, str] = {}
# A batch span links to its messages' traces; past this many, the links say little more.
MAX_LINKS = 128
# Probes and scrapes come every few seconds: tracing them would drown the traces that matter.
UNTRACED_PATHS = "healthz,readyz,metrics"

_propagator = TraceContextTextMapPropagator()
_provider: Any = None  # the SDK's TracerProvider once tracing is on


def export_configured(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the standard OTEL_* variables ask for traces to be exported."""
    if environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return False
    if environ.get("OTEL_TRACES_EXPORTER", "otlp").lower() == "none":
        return False
    return bool(
        environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    )


def configure_tracing(service_name: str, exporter: Any = None) -> bool:
    """Turn tracing on for this process when configured (or when given an ``exporter``, as
    tests do); returns whether it is on. Call before creating engines and apps."""
    global _provider
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    if exporter is None:
        if not export_configured():
            return False
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        processor: Any = BatchSpanProcessor(OTLPSpanExporter())
    else:
        processor = SimpleSpanProcessor(exporter)
    if _provider is None:
        attributes = {} if os.environ.get("OTEL_SERVICE_NAME") else {"service.name": service_name}
        _provider = TracerProvider(resource=Resource.create(attributes))
        if exporter is None:  # a real process: libraries that trace on their own use it too
            trace.set_tracer_provider(_provider)
    _provider.add_span_processor(processor)
    return True


def stop_tracing() -> None:
    """Flush the spans still queued and turn tracing off (at the end of a process, or a test)."""
    global _provider
    provider, _provider = _provider, None
    if provider is not None:
        provider.shutdown()


def enabled() -> bool:
    return _provider is not None


def _tracer() -> trace.Tracer:
    tracer: trace.Tracer = _provider.get_tracer("storyline")
    return tracer


def instrument_engine(engine: Any) -> None:
    """SQL statements as spans, children of whatever span is current (an async engine)."""
    if _provider is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import NoOpMeter

    # What SQLAlchemyInstrumentor().instrument(engine=...) does, for each engine: the
    # instrumentor is a singleton that instruments only the first engine it is given (and it
    # declares SQLAlchemy < 2.1, whose engine events 2.1 keeps: the tracing test checks that
    # statements become spans).
    usage = NoOpMeter("storyline").create_up_down_counter("db.client.connections.usage")
    EngineTracer(_provider.get_tracer("storyline.sql"), engine.sync_engine, usage)  # type: ignore[no-untyped-call]


_T = TypeVar("_T")


async def client_call(name: str, call: Awaitable[_T], **attributes: Any) -> _T:
    """Await ``call`` inside a client span, a child of the span current where this coroutine was
    made into a task: for a statement sent on the driver itself, which the engine's
    instrumentation does not see (a batch written in one statement while the next is prepared)."""
    if _provider is None:
        return await call
    with _tracer().start_as_current_span(name, kind=SpanKind.CLIENT, attributes=attributes):
        return await call


def instrument_app(app: Any) -> None:
    """A server span per HTTP request of a FastAPI app (probes and scrapes left out)."""
    if _provider is None:
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(app, tracer_provider=_provider, excluded_urls=UNTRACED_PATHS)


def current_trace_headers() -> Mapping[str, str]:
    """The current span's context as headers to store with an event (empty when off)."""
    if _provider is None:
        return NO_HEADERS
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return _with_cloudevents_names(carrier)


def _with_cloudevents_names(carrier: Mapping[str, str]) -> dict[str, str]:
    headers = dict(carrier)
    for plain, extension in zip(TRACE_HEADERS, CLOUDEVENTS_TRACE_HEADERS, strict=True):
        if plain in carrier:
            headers[extension] = carrier[plain]
    return headers


def context_from(headers: Iterable[tuple[str, bytes]] | Mapping[str, str]) -> Context | None:
    """The trace context a message carries (the plain header, else the CloudEvents one)."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    found: dict[str, str] = {}
    for name, value in items:
        if name in _ALL_TRACE_HEADERS and value is not None:
            text = value if isinstance(value, str) else value.decode("latin-1")
            found.setdefault(name.removeprefix("ce_"), text)
    if "traceparent" not in found:
        return None
    context = _propagator.extract(found)
    return context if trace.get_current_span(context).get_span_context().is_valid else None


def publish_headers(
    headers: Sequence[tuple[str, bytes]], topic: str, event_id: str
) -> list[tuple[str, bytes]]:
    """The headers to send an event with: unchanged when off; else with the context of a
    producer span, a child of the span that stored the event."""
    if _provider is None:
        return list(headers)
    span = _tracer().start_span(
        f"publish {topic}",
        context=context_from(headers),
        kind=SpanKind.PRODUCER,
        attributes=_message_attributes(topic, event_id),
    )
    carrier: dict[str, str] = {}
    _propagator.inject(carrier, context=trace.set_span_in_context(span))
    span.end()
    kept = [(name, value) for name, value in headers if name not in _ALL_TRACE_HEADERS]
    return kept + [
        (name, value.encode()) for name, value in _with_cloudevents_names(carrier).items()
    ]


@contextmanager
def consumer_span(
    name: str, headers: Iterable[tuple[str, bytes]] | Mapping[str, str] | None, **attributes: Any
) -> Iterator[None]:
    """A span for handling one message, continuing the trace the message carries."""
    if _provider is None:
        yield
        return
    parent = context_from(headers) if headers is not None else None
    with _tracer().start_as_current_span(
        name, context=parent, kind=SpanKind.CONSUMER, attributes=attributes
    ):
        yield


@contextmanager
def batch_span(name: str, messages: Sequence[Any]) -> Iterator[None]:
    """A span for one batch transaction, linked to its messages' traces; and in each message's
    own trace a span of the same length, so that every trace reaches the transaction.

    ``messages`` have ``headers`` and ``stream`` / ``partition`` / ``position``.
    """
    if _provider is None:
        yield
        return
    parents = [(message, context_from(message.headers)) for message in messages]
    traced = [(message, context) for message, context in parents if context is not None]
    links = [
        Link(trace.get_current_span(context).get_span_context())
        for _message, context in traced[:MAX_LINKS]
    ]
    started = time.time_ns()
    with _tracer().start_as_current_span(
        name,
        kind=SpanKind.CONSUMER,
        links=links,
        attributes={"messaging.batch.message_count": len(messages)},
    ):
        yield
    for message, context in traced:
        child = _tracer().start_span(
            name,
            context=context,
            kind=SpanKind.CONSUMER,
            start_time=started,
            attributes=_message_attributes(message.stream, None)
            | {
                "messaging.destination.partition.id": str(message.partition),
                "messaging.kafka.offset": message.position,
            },
        )
        child.end()


def _message_attributes(topic: str, event_id: str | None) -> dict[str, Any]:
    attributes: dict[str, Any] = {"messaging.system": "kafka", "messaging.destination.name": topic}
    if event_id is not None:
        attributes["messaging.message.id"] = event_id
    return attributes
