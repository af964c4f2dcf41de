using AgUi.Runtime.Endpoint;
using AgUi.Runtime.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAgUi(builder.Configuration);

// The host's request span is the parent (host.json telemetryMode OpenTelemetry); the worker's defaults add the
// invocation span and tell the host that the worker exports its own telemetry.
builder.Services.AddAgUiTelemetry(builder.Configuration, otel => otel.UseFunctionsWorkerDefaults());

// The Functions host bounds request bodies itself (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT) and forwards the whole body
// to the worker; a refused body the worker stops reading fails the forwarding, and the client gets 500, not 413.
builder.Services.Configure<AgUiEndpointOptions>(endpoint => endpoint.ReadRefusedBodyToEnd = true);
builder.Build().Run();
