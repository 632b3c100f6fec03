using Aaba.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAabaSiloProcess();
var app = builder.Build();
app.MapAabaSiloEndpoints();
await app.RunAsync();
