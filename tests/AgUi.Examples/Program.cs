using AgUi.Examples;
using AgUi.Runtime.Hosting;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAgUi(builder.Configuration)
    // A C# method as a backend tool of the model agent at /api/agent.
    .AddTool(Weather.GetWeather)
    // Your own agent at /api/agents/counter.
    .AddAgent<CountingAgent>("counter")
    // A Microsoft Agent Framework agent over the configured model at /api/agents/assistant.
    .AddAgent("assistant", services => new ChatClientAgent(
        services.GetRequiredService<IChatClient>(),
        instructions: "You are a helpful assistant. Use get_weather for the weather.",
        tools: [AIFunctionFactory.Create(Weather.GetWeather)]));
builder.Services.AddFunctionKeyAuthentication(builder.Configuration);

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapAgUi().RequireFunctionKey();
app.Run();
