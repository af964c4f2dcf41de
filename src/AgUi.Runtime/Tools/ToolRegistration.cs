using Microsoft.Extensions.AI;

namespace AgUi.Runtime.Tools;

/// <summary>A backend tool as registered: how to build its function once the app's services exist, how it runs, and where it came from.</summary>
internal sealed record ToolRegistration(Func<IServiceProvider, AIFunction> Create, ToolOptions Options, string Source);
