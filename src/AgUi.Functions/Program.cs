using AgUi.Runtime.Endpoint;
using AgUi.Runtime.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAgUi(builder.Configuration);

// The Functions host bounds request bodies itself (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT) and forwards the whole body
// to the worker; a refused body the worker stops reading fails the forwarding, and the client gets 500, not 413.
builder.Services.Configure<AgUiEndpointOptions>(endpoint => endpoint.ReadRefusedBodyToEnd = true);
builder.Build().Run();
