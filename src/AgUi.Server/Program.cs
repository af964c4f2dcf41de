using AgUi.Runtime.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAgUi(builder.Configuration);
builder.Services.AddFunctionKeyAuthentication(builder.Configuration);
builder.Services.AddHealthChecks();
builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
    .WithOrigins(builder.Configuration.GetSection("AgUi:Cors:AllowedOrigins").Get<string[]>() ?? [])
    .WithMethods("POST")
    .AllowAnyHeader()));

var app = builder.Build();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.MapAgUi().RequireFunctionKey();
app.MapHealthChecks("/healthz");
app.Run();

/// <summary>The standalone host's entry point, visible to tests that start it in-process.</summary>
public partial class Program;
