// A small app that still uses Baidu's OCR SDK. SupplyChainGuard flags the Baidu.AI reference because the
// policy next to this file restricts the vendor by its nuget.org owner, read from the package signature.
var client = new Baidu.Aip.Ocr.Ocr("api-key", "secret-key");
Console.WriteLine(client.GetType().FullName);
