-- wrk script: CMR-1 GetResourceList (JSON, portal token) of the demo music list.
wrk.method = "POST"
wrk.path = "/cmr/1/GetResourceList"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer demo-portal"
wrk.body = '{"SubscriberId":"491700000001","ResourceListId":"demo-list-music"}'

function response(status, headers, body)
  if status ~= 200 or not body:find('"StatusCode": 0', 1, true) then
    wrk.thread:stop()  -- a failing benchmark must not look fast
  end
end
