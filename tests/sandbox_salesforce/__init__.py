"""Tests of the Salesforce sandbox, judged by simple-salesforce over real HTTPS."""
