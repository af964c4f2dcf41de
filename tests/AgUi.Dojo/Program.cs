using AgUi.Dojo;
using AgUi.Runtime.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAgUi(builder.Configuration)
    // Human in the loop: each email waits for the person's approval.
    .AddTool(DojoTools.SendEmail, o =>
    {
        o.RequiresApproval = true;
        o.ApprovalMessage = "Send this email?";
    })
    // Agentic generative UI: a long task reports its steps and their status in the shared state.
    .AddTool(DojoTools.RunPlan)
    // Predictive state updates: the document streams into the state while the model writes it.
    .AddTool(DojoTools.WriteDocument, o => o.PredictState("document", "/document"));

var app = builder.Build();
app.MapAgUi();
app.Run();
