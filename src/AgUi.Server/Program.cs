using AgUi.Server;

var builder = WebApplication.CreateBuilder(args);
StandaloneServer.ConfigureServices(builder);

var app = builder.Build();
StandaloneServer.ConfigurePipeline(app);
app.Run();
